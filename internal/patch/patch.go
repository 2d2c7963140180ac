// Package patch makes and applies unified diffs between versions of a Go
// package's files. The workbook stores each known-wrong submission as a
// small diff against its exercise's solution, so the bug reads at a glance
// and a diff that no longer applies, because the solution moved, fails
// loudly instead of drifting. The mutation tester shows its survivors the
// same way.
package patch

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Files maps file names to contents: a package folder's files.
type Files = map[string][]byte

// context is how many unchanged lines a hunk shows around a change.
const context = 3

// Unified returns a unified diff that turns from into to ("" when they are
// equal): for each file, sorted by name, "--- a/NAME" and "+++ b/NAME"
// lines (/dev/null for a file that only one side has) and its hunks.
func Unified(from, to Files) string {
	names := map[string]bool{}
	for n := range from {
		names[n] = true
	}
	for n := range to {
		names[n] = true
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	var b strings.Builder
	for _, n := range sorted {
		a, aok := from[n]
		c, cok := to[n]
		if aok && cok && string(a) == string(c) {
			continue
		}
		old, new := "a/"+n, "b/"+n
		if !aok {
			old = "/dev/null"
		}
		if !cok {
			new = "/dev/null"
		}
		fmt.Fprintf(&b, "--- %s\n+++ %s\n", old, new)
		b.WriteString(hunks(lines(string(a)), lines(string(c))))
	}
	return b.String()
}

// lines splits text into lines, each with its newline; a last line
// without one is kept as it is.
func lines(text string) []string {
	if text == "" {
		return nil
	}
	ls := strings.SplitAfter(text, "\n")
	if ls[len(ls)-1] == "" {
		ls = ls[:len(ls)-1]
	}
	return ls
}

// op is one line of an edit script: ' ' kept, '-' removed, '+' added.
type op struct {
	kind byte
	text string
}

// edits is a shortest edit script from a to b (longest common subsequence).
func edits(a, b []string) []op {
	n, m := len(a), len(b)
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []op
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			ops = append(ops, op{' ', a[i]})
			i++
			j++
		case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{'-', a[i]})
			i++
		default:
			ops = append(ops, op{'+', b[j]})
			j++
		}
	}
	return ops
}

// hunks writes the hunks of the diff from a to b.
func hunks(a, b []string) string {
	ops := edits(a, b)
	var out strings.Builder
	for start := 0; start < len(ops); {
		// Find the next change.
		for start < len(ops) && ops[start].kind == ' ' {
			start++
		}
		if start == len(ops) {
			break
		}
		lo := max(0, start-context)
		// Extend over changes closer than two contexts apart.
		end := start
		for {
			for end < len(ops) && ops[end].kind != ' ' {
				end++
			}
			gap := end
			for gap < len(ops) && ops[gap].kind == ' ' && gap-end < 2*context {
				gap++
			}
			if gap < len(ops) && ops[gap].kind != ' ' {
				end = gap
				continue
			}
			break
		}
		hi := min(len(ops), end+context)
		// Line numbers of the hunk's first line on each side.
		aLine, bLine := 1, 1
		for _, o := range ops[:lo] {
			if o.kind != '+' {
				aLine++
			}
			if o.kind != '-' {
				bLine++
			}
		}
		var aN, bN int
		var body strings.Builder
		for _, o := range ops[lo:hi] {
			if o.kind != '+' {
				aN++
			}
			if o.kind != '-' {
				bN++
			}
			body.WriteByte(o.kind)
			body.WriteString(o.text)
			if !strings.HasSuffix(o.text, "\n") {
				body.WriteString("\n\\ No newline at end of file\n")
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n%s", span(aLine, aN), span(bLine, bN), body.String())
		start = hi
	}
	return out.String()
}

// span writes a hunk's range: "L,N", or "L-1,0" for an empty one.
func span(line, n int) string {
	if n == 0 {
		return strconv.Itoa(line-1) + ",0"
	}
	return strconv.Itoa(line) + "," + strconv.Itoa(n)
}

// Apply applies a unified diff to files and returns the result (files is
// not changed). Every hunk must match its context exactly; it may have
// moved up or down (the solution gained or lost lines elsewhere). Text
// before the first "--- " line is ignored. An error says which file and
// hunk no longer apply.
func Apply(files Files, diff string) (Files, error) {
	out := Files{}
	for n, data := range files {
		out[n] = data
	}
	ls := lines(diff)
	i := 0
	for i < len(ls) && !strings.HasPrefix(ls[i], "--- ") {
		i++
	}
	if i == len(ls) {
		return nil, fmt.Errorf("no file in the diff (no '--- ' line)")
	}
	for i < len(ls) {
		if strings.TrimSpace(ls[i]) == "" {
			i++ // blank lines between files, or at the end
			continue
		}
		if !strings.HasPrefix(ls[i], "--- ") || i+1 == len(ls) || !strings.HasPrefix(ls[i+1], "+++ ") {
			return nil, fmt.Errorf("line %d: want a '--- a/FILE' line followed by '+++ b/FILE'", i+1)
		}
		oldName, newName := fileName(ls[i][4:]), fileName(ls[i+1][4:])
		i += 2
		name := oldName
		if name == "" {
			name = newName
		}
		if name == "" {
			return nil, fmt.Errorf("line %d: a diff from /dev/null to /dev/null", i-1)
		}
		var src []string
		if oldName != "" {
			data, ok := out[oldName]
			if !ok {
				return nil, fmt.Errorf("%s: no such file to patch", oldName)
			}
			src = lines(string(data))
		} else if _, ok := out[newName]; ok {
			return nil, fmt.Errorf("%s: the diff creates it, but it exists", newName)
		}
		var res []string
		at := 0 // next line of src not yet copied
		for hunk := 1; i < len(ls) && strings.HasPrefix(ls[i], "@@ "); hunk++ {
			start, oldN, newN, err := hunkHeader(ls[i])
			if err != nil {
				return nil, fmt.Errorf("%s: hunk %d: %w", name, hunk, err)
			}
			i++
			var before, after []string
			for i < len(ls) && (len(before) < oldN || len(after) < newN || strings.HasPrefix(ls[i], "\\")) {
				l := ls[i]
				switch l[0] {
				case ' ':
					before, after = append(before, l[1:]), append(after, l[1:])
				case '-':
					before = append(before, l[1:])
				case '+':
					after = append(after, l[1:])
				case '\\': // "\ No newline at end of file": about the line before
					before = trimLast(before, ls[i-1][0] != '+')
					after = trimLast(after, ls[i-1][0] != '-')
				}
				i++
			}
			pos, ok := find(src, before, start-1, at)
			if !ok {
				return nil, fmt.Errorf("%s: hunk %d (at line %d) does not match the file any more", name, hunk, start)
			}
			res = append(res, src[at:pos]...)
			res = append(res, after...)
			at = pos + len(before)
		}
		res = append(res, src[at:]...)
		if newName == "" {
			delete(out, oldName)
		} else {
			out[newName] = []byte(strings.Join(res, ""))
		}
	}
	return out, nil
}

// fileName reads a "--- a/NAME" or "+++ b/NAME" header's file name ("" for
// /dev/null), without any a/ or b/ prefix or trailing time stamp.
func fileName(h string) string {
	h, _, _ = strings.Cut(strings.TrimRight(h, "\n"), "\t")
	h = strings.TrimSpace(h)
	if h == "/dev/null" {
		return ""
	}
	if i := strings.LastIndexByte(h, '/'); i >= 0 {
		h = h[i+1:]
	}
	return h
}

// hunkHeader reads a hunk header "@@ -A,AN +B,BN @@": the old side's first
// line, and how many lines each side has.
func hunkHeader(h string) (start, oldN, newN int, err error) {
	m := header.FindStringSubmatch(h)
	if m == nil {
		return 0, 0, 0, fmt.Errorf("bad hunk header %q", strings.TrimSpace(h))
	}
	num := func(s string) int {
		if s == "" {
			return 1
		}
		n, _ := strconv.Atoi(s)
		return n
	}
	start, oldN, newN = num(m[1]), num(m[2]), num(m[4])
	if oldN == 0 {
		start++
	}
	return start, oldN, newN, nil
}

var header = regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@`)

// trimLast drops the newline of the last line of ls, when do.
func trimLast(ls []string, do bool) []string {
	if do && len(ls) > 0 {
		ls[len(ls)-1] = strings.TrimSuffix(ls[len(ls)-1], "\n")
	}
	return ls
}

// find locates want in src at or after from, nearest to line near first.
func find(src, want []string, near, from int) (int, bool) {
	match := func(p int) bool {
		if p < from || p+len(want) > len(src) {
			return false
		}
		for k, l := range want {
			if src[p+k] != l {
				return false
			}
		}
		return true
	}
	for d := 0; d <= len(src); d++ {
		if match(near + d) {
			return near + d, true
		}
		if d > 0 && match(near-d) {
			return near - d, true
		}
	}
	return 0, false
}

// Changed counts the lines a diff removes and adds.
func Changed(diff string) int {
	n := 0
	for _, l := range lines(diff) {
		if (strings.HasPrefix(l, "-") && !strings.HasPrefix(l, "--- ")) || (strings.HasPrefix(l, "+") && !strings.HasPrefix(l, "+++ ")) {
			n++
		}
	}
	return n
}
