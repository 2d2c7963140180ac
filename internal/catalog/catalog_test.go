package catalog

import (
	"errors"
	"testing"
	"testing/fstest"
)

func TestLookup(t *testing.T) {
	fsys := fstest.MapFS{"testdata/manifest.json": {Data: []byte(`{"exercises":[{"name":"sumthread"},{"name":"addthread"},{"name":"resource"}]}`)}}
	c, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		arg, want string
	}{
		{"exercise-3", "resource"}, {"3", "resource"}, {"resource", "resource"},
		{"RESOURCE", "resource"}, {" 1 ", "sumthread"}, {"exercises/addthread/", "addthread"},
	}
	for _, tc := range cases {
		e, err := c.Lookup(tc.arg)
		if err != nil || e.Name != tc.want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", tc.arg, e.Name, err, tc.want)
		}
	}
	for _, bad := range []string{"4", "exercise-0", "0", "", "sum"} {
		var ue *UnknownError
		if _, err := c.Lookup(bad); !errors.As(err, &ue) {
			t.Errorf("Lookup(%q) error = %v; want an UnknownError", bad, err)
		}
	}
}

func TestIsWorkbookMod(t *testing.T) {
	cases := []struct {
		mod  string
		want bool
	}{
		{"module " + ModulePath + "\n\ngo 1.26\n", true},
		{"module \"" + ModulePath + "\"\n", true},
		{"module example.com/other\n", false},
		{"", false},
	}
	for _, tc := range cases {
		if got := IsWorkbookMod([]byte(tc.mod)); got != tc.want {
			t.Errorf("IsWorkbookMod(%q) = %v; want %v", tc.mod, got, tc.want)
		}
	}
}
