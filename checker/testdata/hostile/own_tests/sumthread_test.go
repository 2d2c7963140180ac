package sumthread

import "testing"

func TestSum(t *testing.T) {}
