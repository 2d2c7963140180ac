package checkkit

import (
	"testing"
	"testing/synctest"
)

func TestGateHoldsWritesUntilReleased(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var g Gate
		for _, s := range []string{"b", "a"} {
			go g.Write([]byte(s))
		}
		synctest.Wait()
		if got := g.Pending(); got != 2 {
			t.Fatalf("got %d pending writes; want 2", got)
		}
		if got := g.Release(1); got != 1 {
			t.Fatalf("Release(1) = %d; want 1", got)
		}
		synctest.Wait()
		if got, want := len(g.Done()), 1; got != want {
			t.Fatalf("got %d done writes; want %d", got, want)
		}
		g.Release(-1)
		synctest.Wait()
		if got := Sorted(g.Done()); len(got) != 2 || got[0] != "a" || got[1] != "b" {
			t.Errorf("got %q; want [a b]", got)
		}
	})
}

func TestRecorderKeepsWritesApart(t *testing.T) {
	var r Recorder
	r.Write([]byte("The sum is: "))
	r.Write([]byte("15\n"))
	if got := r.Writes(); len(got) != 2 || r.String() != "The sum is: 15\n" {
		t.Errorf("got %q (%q); want two writes making one line", got, r.String())
	}
}
