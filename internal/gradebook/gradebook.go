// Package gradebook renders the results of grading a class (one
// results.Run per submission) in the formats instructors and their tools
// read: a text table, JSON, JUnit XML, Gradescope, GitHub Classroom,
// Exercism, GitHub Actions annotations, CSV, Markdown and an HTML class
// report; and reads and merges the JSON of several grading shards.
// Groups groups a class's failures by cause, for the text, json and html
// formats.
//
// # Reports
//
// One grading can give several reports: WriteFiles writes gb to several
// files, each in its own format. A file whose format is not named gets
// the one its extension names: .txt text, .json json, .xml junit, .csv
// csv, .md markdown (the github format's step summary alone: points,
// every failure, what was not checked), .html html (the class report:
// WriteHTML). Any other extension must have its format named; so must a
// Gradescope or Exercism results.json (gradescope or exercism, not json),
// and classroom and github, which a workflow reads from a step's output.
//
// # Hidden checks
//
// A check whose Visibility is "hidden" or "after_due_date" (any value but
// "" and "visible") is the instructor's. The formats an instructor reads,
// text, json, csv, junit, gradescope and html, show it (text and html
// marked) and count its points in every total; gradescope passes its
// visibility on, so that Gradescope keeps the test from the student. The
// learner-facing formats, exercism, classroom, github and markdown, leave
// it out entirely: not its name, not its message, not its points. Their
// totals are those of the checks a learner sees.
package gradebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/goconcurrency/workbook/internal/results"
)

// Version is the gradebook JSON's version; it follows results.Version.
const Version = results.Version

// Gradebook is a class's results: one Run per submission, sorted by
// submission. Its JSON form is the `json` format.
type Gradebook struct {
	Version int `json:"version"`
	// Shard, when set, says which slice of the class this is (grade
	// -shard K/N); the JSON leaves it out for the whole class (1/1).
	Shard *Shard `json:"shard,omitempty"`
	// Sandbox says, in one line, how isolated the learners' code ran: the
	// Landlock ABI in force and the limits, or none and why (grade sets it).
	Sandbox     string        `json:"sandbox,omitempty"`
	Submissions []results.Run `json:"submissions"`
}

// Shard is the K-th of N slices of a class (K counts from 1), as grade
// -shard K/N cuts it.
type Shard struct {
	K int `json:"k"`
	N int `json:"n"`
}

// String is "K/N".
func (s Shard) String() string {
	return fmt.Sprintf("%d/%d", s.K, s.N)
}

// shardOf is gb's shard, 1/1 when it has none.
func shardOf(gb *Gradebook) Shard {
	if gb.Shard == nil {
		return Shard{1, 1}
	}
	return *gb.Shard
}

// New makes a gradebook of runs, sorted by submission.
func New(runs []results.Run) *Gradebook {
	gb := &Gradebook{Version: Version, Submissions: append([]results.Run(nil), runs...)}
	sort.SliceStable(gb.Submissions, func(i, j int) bool {
		return gb.Submissions[i].Submission < gb.Submissions[j].Submission
	})
	return gb
}

// Passed reports whether every submission passed every check.
func (gb *Gradebook) Passed() bool {
	for i := range gb.Submissions {
		if !gb.Submissions[i].Passed() {
			return false
		}
	}
	return true
}

// Options are what some formats need beyond the results.
type Options struct {
	// Command is how to run the checker ("checker" or "go run ./checker"),
	// for the command that re-runs a check in exercism's test_code.
	// (Classroom's is always ClassroomCommand: a learner runs it in their
	// repository.)
	Command string
	// StepSummary, if set, also receives the github format's Markdown
	// (see Markdown): the file $GITHUB_STEP_SUMMARY names.
	StepSummary io.Writer
	// MaxPoints is the most points a submission can earn from the checks
	// learners see (hidden checks left out). The classroom format records
	// it as the max_score of a submission that could not be checked, so
	// that its zero counts; 0 takes the most that any other submission of
	// the gradebook could earn, which is nothing when the gradebook has
	// that one submission alone.
	MaxPoints int
}

// Formats are the names Write knows, in the order help lists them.
// markdown is the github format's step summary alone, for a file.
// html is the instructor's class report (WriteHTML).
var Formats = []string{"text", "json", "junit", "gradescope", "classroom", "exercism", "github", "csv", "markdown", "html"}

// extensions are the formats a report file's extension names.
var extensions = map[string]string{".txt": "text", ".json": "json", ".xml": "junit", ".csv": "csv", ".md": "markdown", ".html": "html"}

// Write renders gb in format to w.
func Write(w io.Writer, format string, gb *Gradebook, opts Options) error {
	if opts.Command == "" {
		opts.Command = "checker"
	}
	var err error
	switch format {
	case "text":
		err = WriteText(w, gb)
	case "json":
		err = WriteJSON(w, gb)
	case "junit":
		err = WriteJUnit(w, gb)
	case "gradescope":
		err = WriteGradescope(w, gb)
	case "classroom":
		err = WriteClassroom(w, gb, opts)
	case "exercism":
		err = WriteExercism(w, gb, opts)
	case "github":
		err = WriteGitHub(w, gb, opts)
	case "csv":
		err = WriteCSV(w, gb)
	case "markdown":
		_, err = io.WriteString(w, Markdown(gb))
	case "html":
		err = WriteHTML(w, gb)
	default:
		return fmt.Errorf("unknown format %q: want one of %s", format, strings.Join(Formats, ", "))
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", format, err)
	}
	return nil
}

// FormatFor is the format that a report file's extension names (see the
// package doc), or an error saying which extensions name one.
func FormatFor(path string) (string, error) {
	if f, ok := extensions[strings.ToLower(filepath.Ext(path))]; ok {
		return f, nil
	}
	return "", fmt.Errorf("%s: cannot tell the report's format from its extension (.txt text, .json json, .xml junit, .csv csv, .md markdown, .html html): name the format", path)
}

// WriteFiles writes several reports of one grading: gb rendered once per
// entry of files, a path and its format (an empty format is the one its
// extension names, FormatFor). Every report is rendered before any file is
// written, so that one that cannot be (an unknown format, gradescope for
// a class) leaves every file as it was; then the files are written in the
// order of their paths. opts.StepSummary receives the summary of each
// github report.
func WriteFiles(gb *Gradebook, files map[string]string, opts Options) error {
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	reports := make([][]byte, len(paths))
	formats := make([]string, len(paths))
	for i, p := range paths {
		formats[i] = files[p]
		if formats[i] == "" {
			f, err := FormatFor(p)
			if err != nil {
				return err
			}
			formats[i] = f
		}
		var buf bytes.Buffer
		if err := Write(&buf, formats[i], gb, opts); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		reports[i] = buf.Bytes()
	}
	var errs []error
	for i, p := range paths {
		if err := os.WriteFile(p, reports[i], 0o644); err != nil {
			errs = append(errs, fmt.Errorf("write the %s report: %w", formats[i], err))
		}
	}
	return errors.Join(errs...)
}

// KnownFormat reports whether Write knows format.
func KnownFormat(format string) bool {
	for _, f := range Formats {
		if f == format {
			return true
		}
	}
	return false
}

// column is one exercise of the gradebook's table.
type column struct {
	ID, Name  string
	Number    int
	MaxPoints int // the most points any submission could earn in it
}

// columns lists the exercises that any submission has, by number.
func columns(gb *Gradebook) []column {
	at := map[string]int{}
	var cols []column
	for _, r := range gb.Submissions {
		for _, e := range r.Exercises {
			i, ok := at[e.ID]
			if !ok {
				i = len(cols)
				at[e.ID] = i
				cols = append(cols, column{ID: e.ID, Name: e.Name, Number: exerciseNumber(e.ID)})
			}
			cols[i].MaxPoints = max(cols[i].MaxPoints, e.MaxPoints)
		}
	}
	sort.SliceStable(cols, func(i, j int) bool {
		if cols[i].Number != cols[j].Number {
			return cols[i].Number < cols[j].Number
		}
		return cols[i].ID < cols[j].ID
	})
	return cols
}

// exerciseNumber is N of "exercise-N", or 0.
func exerciseNumber(id string) int {
	n, err := strconv.Atoi(strings.TrimPrefix(id, "exercise-"))
	if err != nil {
		return 0
	}
	return n
}

// find returns r's exercise id, if it has it.
func find(r *results.Run, id string) (*results.Exercise, bool) {
	for i := range r.Exercises {
		if r.Exercises[i].ID == id {
			return &r.Exercises[i], true
		}
	}
	return nil, false
}

// Read reads a gradebook in the json format, checking its version.
func Read(r io.Reader) (*Gradebook, error) {
	var gb Gradebook
	dec := json.NewDecoder(r)
	if err := dec.Decode(&gb); err != nil {
		return nil, fmt.Errorf("not a gradebook (grade -format json): %w", err)
	}
	if gb.Version != Version {
		return nil, fmt.Errorf("gradebook version %d, want %d: grade and merge with the same checker", gb.Version, Version)
	}
	if s := gb.Shard; s != nil && (s.N < 1 || s.K < 1 || s.K > s.N) {
		return nil, fmt.Errorf("gradebook of shard %s: want K/N with 1 ≤ K ≤ N", s)
	}
	for _, s := range gb.Submissions {
		if s.Version != results.Version {
			return nil, fmt.Errorf("submission %q: results version %d, want %d", s.Submission, s.Version, results.Version)
		}
		if s.Submission == "" {
			return nil, fmt.Errorf("a submission has no name")
		}
	}
	return &gb, nil
}

// Merge is MergeShards without its warnings.
//
// Deprecated: use MergeShards, and print its warnings.
func Merge(books []*Gradebook, names []string) (*Gradebook, error) {
	gb, _, err := MergeShards(books, names)
	return gb, err
}

// MergeShards joins gradebooks (the shards of one grading, named by names
// in messages) into one, sorted by submission, for the whole class (no
// shard). A submission in two of them is an error. The warnings, for the
// caller to print, say where the shards do not cover 1/N to N/N exactly
// once: shards cut for different N, a shard given twice, shards missing
// (a gradebook without a shard counts as 1/1).
func MergeShards(books []*Gradebook, names []string) (*Gradebook, []string, error) {
	from := map[string]string{}
	var runs []results.Run
	named := make([]string, len(books))
	for i, gb := range books {
		named[i] = fmt.Sprintf("gradebook %d", i+1)
		if i < len(names) {
			named[i] = names[i]
		}
		if gb.Version != Version {
			return nil, nil, fmt.Errorf("%s: version %d, want %d", named[i], gb.Version, Version)
		}
		for _, r := range gb.Submissions {
			if prev, ok := from[r.Submission]; ok {
				return nil, nil, fmt.Errorf("submission %q is in both %s and %s", r.Submission, prev, named[i])
			}
			from[r.Submission] = named[i]
			runs = append(runs, r)
		}
	}
	gb := New(runs)
	// The shards ran under the same checker: their sandbox line is one.
	for _, b := range books {
		if b.Sandbox != "" {
			gb.Sandbox = b.Sandbox
			break
		}
	}
	return gb, shardWarnings(books, named), nil
}

// shardWarnings says where books, named, do not cover the shards 1/N to
// N/N exactly once.
func shardWarnings(books []*Gradebook, names []string) []string {
	if len(books) == 0 {
		return nil
	}
	var cuts []string
	n := shardOf(books[0]).N
	for i, gb := range books {
		s := shardOf(gb)
		cuts = append(cuts, fmt.Sprintf("%s is %s", names[i], s))
		if s.N != n {
			n = 0
		}
	}
	if n == 0 {
		return []string{fmt.Sprintf("the gradebooks are shards of different cuts (%s): merge the shards of one grading, all cut -shard K/N with the same N", strings.Join(cuts, ", "))}
	}
	var warnings []string
	by := make([][]string, n+1)
	for i, gb := range books {
		k := shardOf(gb).K
		by[k] = append(by[k], names[i])
	}
	var missing []string
	for k := 1; k <= n; k++ {
		switch {
		case len(by[k]) == 0:
			missing = append(missing, Shard{k, n}.String())
		case len(by[k]) > 1:
			warnings = append(warnings, fmt.Sprintf("shard %s is given %d times (%s): merge each shard once", Shard{k, n}, len(by[k]), strings.Join(by[k], ", ")))
		}
	}
	if len(missing) > 0 {
		warnings = append(warnings, fmt.Sprintf("%d of %d shards missing (%s): the merged gradebook lacks their submissions", len(missing), n, strings.Join(missing, ", ")))
	}
	return warnings
}
