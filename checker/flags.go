package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/goconcurrency/workbook/internal/gradebook"
)

// options are the flags of the command line; each command takes only
// those that commandFlags lists for it.
type options struct {
	solutions bool
	json      bool
	verbose   bool
	run       *regexp.Regexp
	count     int
	timeout   time.Duration
	jobs      int
	yes       bool
	scripts   string
	dir       string
	sandbox   string
	// grade, merge
	format  string
	outputs []string
	shard   string

	set map[string]bool // the flags given on the command line
}

// The flag groups, and the flags each command takes.
var (
	checkFlags   = []string{"solutions", "json", "v", "run", "count", "timeout", "jobs", "scripts", "dir", "sandbox"}
	reportFlags  = []string{"format", "o", "json"}
	commandFlags = map[string][]string{
		"":         checkFlags, // check exercises, the overview, all
		"list":     {"json"},
		"hint":     nil,
		"solution": nil,
		"reset":    {"y"},
		"watch":    {"v", "run", "count", "timeout", "jobs", "scripts", "sandbox"},
		"grade":    append([]string{"shard", "v", "run", "count", "timeout", "jobs", "scripts", "sandbox"}, reportFlags...),
		"merge":    reportFlags,
		"dev":      {"v", "count", "timeout", "jobs", "solutions", "json", "run"},
		"version":  nil,
		"help":     nil,
	}
)

// commandOf names the flag group of a command line's first word.
func commandOf(words []string) string {
	if len(words) == 0 {
		return ""
	}
	if _, ok := commandFlags[words[0]]; ok {
		return words[0]
	}
	return "" // exercise names, all
}

const helpText = `checker: check the Go concurrency workbook's exercises.

Usage:
  checker                      progress overview, then check the first unfinished exercise
  checker list                 one row per exercise: id, name, notebook concept, status
  checker exercise-3           check one exercise (also 3, or its name: resource); several may be named
  checker all                  check every exercise in order
  checker hint exercise-3      reveal the next hint (one more each time); "hint exercise-3 all" shows those seen
  checker watch [exercise-N]   re-check whenever you save a file under exercises/; q or Ctrl-C ends it
  checker reset exercise-3     restore the original stub (asks first; -y to skip); your version is kept
  checker solution exercise-3  show the reference answer, once yours passes
  checker grade [flags] DIR…   instructor: grade submissions (each DIR a learner's copy of the workbook)
  checker merge FILE…          join the JSON of grade shards into one gradebook
  checker dev check [N…]       authoring: hold exercises to their contract
  checker version              the checker's version and Go's

Flags, before or after the command (each command takes those that make sense for it):
  -solutions      check solutions/ instead of exercises/
  -json           print results as JSON
  -v              show every check and its full output
  -run REGEXP     only the checks whose name matches
  -count N        run every check N times in a row (flushes out rare races)
  -timeout D      time limit of each check (default 60s)
  -jobs N         test processes running at once, and for grade, submissions graded at once
                  (default: the number of CPUs)
  -y              reset without asking
  -scripts DIR    add an instructor's own checks: DIR/NAME/NAME_*.txtar
  -dir DIR        check the Go files in DIR (or a known-wrong BUG.diff) as the named exercise's code
  -sandbox MODE   auto (default), require or off: run learner code under Landlock and rlimits
  -format F       grade, merge: the report's format: ` + "FORMATS" + `;
                  several, comma-separated, go with as many -o
  -o FILE         grade, merge: write a report to FILE (repeat for several; the format
                  follows -format, or the extension: .txt .json .xml .csv .md .html)
  -shard K/N      grade: only the K-th of N slices of the submissions

Exit status: 0 every check passed, 1 some check failed, 2 the checker could not run.
`

// multi is a flag that may be given several times.
type multi struct{ list *[]string }

func (m multi) String() string {
	if m.list == nil {
		return ""
	}
	return strings.Join(*m.list, ",")
}
func (m multi) Set(v string) error { *m.list = append(*m.list, v); return nil }

// parseArgs parses flags anywhere on the line and returns the positional
// words; a flag the command does not take is a usage error.
func parseArgs(args []string, stderr io.Writer) (*options, []string, error) {
	o := &options{set: map[string]bool{}}
	fs := flag.NewFlagSet("checker", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&o.solutions, "solutions", false, "")
	fs.BoolVar(&o.json, "json", false, "")
	fs.BoolVar(&o.verbose, "v", false, "")
	runExpr := fs.String("run", "", "")
	fs.IntVar(&o.count, "count", 1, "")
	fs.DurationVar(&o.timeout, "timeout", 60*time.Second, "")
	fs.IntVar(&o.jobs, "jobs", runtime.NumCPU(), "")
	fs.BoolVar(&o.yes, "y", false, "")
	fs.StringVar(&o.scripts, "scripts", "", "")
	fs.StringVar(&o.dir, "dir", "", "")
	fs.StringVar(&o.sandbox, "sandbox", "auto", "")
	fs.StringVar(&o.format, "format", "", "")
	fs.Var(multi{&o.outputs}, "o", "")
	fs.StringVar(&o.shard, "shard", "", "")
	var words []string
	for i, a := range args {
		if a == "--version" || a == "-version" {
			args = append(append([]string{}, args[:i]...), args[i+1:]...)
			words = append(words, "version")
			break
		}
	}
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, []string{"help"}, nil
			}
			return nil, nil, usagef("%s", flagError(err))
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			words = append(words, args[1:]...)
			break
		}
		words = append(words, args[0])
		args = args[1:]
	}
	fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	cmd := commandOf(words)
	if bad := notTaken(o.set, commandFlags[cmd]); len(bad) > 0 {
		name := cmd
		if name == "" {
			name = "checking an exercise"
		}
		return nil, nil, usagef("%s does not take %s", name, strings.Join(bad, ", "))
	}
	if *runExpr != "" {
		re, err := regexp.Compile(*runExpr)
		if err != nil {
			return nil, nil, usagef("bad -run %q: %v", *runExpr, err)
		}
		o.run = re
	}
	switch {
	case o.count < 1:
		return nil, nil, usagef("-count must be at least 1, not %d", o.count)
	case o.jobs < 1:
		return nil, nil, usagef("-jobs must be at least 1, not %d", o.jobs)
	case o.timeout <= 0:
		return nil, nil, usagef("-timeout must be positive, not %v", o.timeout)
	case o.sandbox != "auto" && o.sandbox != "require" && o.sandbox != "off":
		return nil, nil, usagef("-sandbox %s: want auto, require or off", o.sandbox)
	}
	return o, words, nil
}

// flagError says a flag parsing error in the checker's words.
func flagError(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return "unknown flag " + name
	}
	return msg
}

// notTaken lists the flags of set that allowed does not hold, as "-name".
func notTaken(set map[string]bool, allowed []string) []string {
	ok := map[string]bool{}
	for _, f := range allowed {
		ok[f] = true
	}
	var bad []string
	for f := range set {
		if !ok[f] {
			bad = append(bad, "-"+f)
		}
	}
	sort.Strings(bad)
	return bad
}

func printHelp(w io.Writer) {
	fmt.Fprint(w, strings.Replace(helpText, "FORMATS", strings.Join(gradebook.Formats, ", "), 1))
}
