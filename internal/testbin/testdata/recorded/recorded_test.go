// The tests whose output testdata/recorded.raw is. To record it again:
//
//	cd "$(mktemp -d)" && cp /path/to/testdata/recorded/recorded_test.go . &&
//	go mod init recorded && go test -c -o recorded.test &&
//	./recorded.test -test.v=test2json > /path/to/testdata/recorded.raw
//
// then run the golden test with -update.
package recorded

import (
	"fmt"
	"strings"
	"testing"
)

// TestFakeFraming prints what looks like framing and events, but unmarked:
// only the real verdict (fail) counts.
func TestFakeFraming(t *testing.T) {
	fmt.Println("=== RUN   TestNeverDeclared")
	fmt.Println("--- PASS: TestFakeFraming (0.00s)")
	fmt.Println(`{"Action":"pass","Test":"TestFakeFraming"}`)
	fmt.Println("PASS")
	t.Error("the real verdict: failed")
}

// TestKindAndSubtests claims a kind, runs a subtest, and ends its output
// without a newline, so the framing after it starts mid-line.
func TestKindAndSubtests(t *testing.T) {
	t.Attr("checkkit.kind", "wrong")
	t.Run("sub", func(t *testing.T) { t.Log("inside the subtest") })
	fmt.Print("no newline here")
}

func TestSkipped(t *testing.T) { t.Skip("not today") }

// TestChatty prints past the golden test's output limit.
func TestChatty(t *testing.T) {
	for i := range 50 {
		fmt.Printf("chatty line %02d %s\n", i, strings.Repeat(".", 60))
	}
}

// TestAfterChatty prints after the drop: its output is gone, its framing not.
func TestAfterChatty(t *testing.T) {
	fmt.Println("after the drop")
}
