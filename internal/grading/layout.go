package grading

import (
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/goconcurrency/workbook/internal/catalog"
	"github.com/goconcurrency/workbook/internal/target"
)

// Layouts a submission may come in, as Placement.Layout names them.
const (
	// LayoutWorkbook is a whole copy of the workbook: DIR/exercises/NAME/.
	LayoutWorkbook = "workbook"
	// LayoutFiles is anything else: folders named after exercises, loose
	// .go files, or both, each file placed by its package clause.
	LayoutFiles = "files"
)

// Limits of the search through a submission handed in as files, so that a
// submission of a million folders costs no more than a small one.
const (
	maxDescend = 4    // single folders gone into to find the submission's top
	maxDepth   = 8    // folders below the top searched for .go files
	maxEntries = 5000 // files and folders looked at
)

// Placement is how a submission's files were laid out in a workspace.
type Placement struct {
	Layout string // LayoutWorkbook or LayoutFiles
	// Top is the submission's top folder as reports show it: the folder as
	// given, or the one folder inside it that was gone into.
	Top string
	// From is, for each exercise (by name) that got files, the folder they
	// came from as reports show it: the learner's files are shown there.
	From map[string]string
	// Notes name every file that looked like code and was left out, and why.
	Notes []string
}

// Display is where reports show exercise e's files: the folder they came
// from, or, for an exercise nothing was handed in for, where a copy of the
// workbook keeps it (under Top).
func (p Placement) Display(e catalog.Exercise) string {
	if from, ok := p.From[e.Name]; ok {
		return from
	}
	return filepath.ToSlash(filepath.Join(p.Top, catalog.ExercisesDir, e.Name))
}

// PlaceSubmission copies the code of the submission in dir into
// ws/exercises/NAME, for every exercise of list, whatever shape the
// submission came in:
//
//   - a whole copy of the workbook (dir/exercises/NAME/, as CopySubmission
//     reads it; a .go file of an exercise's package elsewhere in the copy is
//     named in a note);
//   - a folder holding exercise folders (dir/NAME/ or dir/exercise-N/), loose
//     .go files, or both, in folders as deep as the learner put them: each
//     file goes to the exercise its package clause names (package resource
//     goes to exercises/resource/); a file whose package names no exercise
//     goes to the exercise its folder is named after, if it is, so that the
//     compiler says what is wrong with it.
//
// A folder holding nothing but one folder (an unpacked archive's
// workbook-main/, say) is gone into first. Test files, symbolic links,
// files that are not regular or are over target.MaxFileSize, files that
// name no exercise, a second file of the same name for one exercise and
// archives are left out, each named in Placement.Notes with paths under
// display; so is a submission with no .go file at all. Other files (notes,
// go.mod, pictures) are no code and are passed over.
func PlaceSubmission(dir, ws string, list []catalog.Exercise, display string) (Placement, error) {
	root, shown := descend(dir, display, list)
	if fi, err := os.Lstat(filepath.Join(root, catalog.ExercisesDir)); err == nil && (fi.IsDir() || fi.Mode()&os.ModeSymlink != 0) {
		return placeWorkbook(root, ws, list, shown)
	}
	return placeFiles(root, ws, list, shown)
}

// descend goes into dir's only folder while dir holds nothing that looks
// like a submission's top (an exercises folder, a .go file, a folder named
// after an exercise) and exactly one folder.
func descend(dir, display string, list []catalog.Exercise) (string, string) {
	for range maxDescend {
		entries, err := os.ReadDir(dir)
		if err != nil {
			break
		}
		var only string
		folders := 0
		top := false
		for _, e := range entries {
			n := e.Name()
			switch {
			case n == catalog.ExercisesDir || strings.HasSuffix(n, ".go") || (e.IsDir() && exerciseNamed(list, n) != nil):
				top = true
			case e.IsDir() && !skippedFolder(n):
				only = n
				folders++
			}
		}
		if top || folders != 1 {
			break
		}
		dir = filepath.Join(dir, only)
		display = filepath.ToSlash(filepath.Join(display, only))
	}
	return dir, display
}

// placeWorkbook places a whole copy of the workbook (root/exercises/NAME).
func placeWorkbook(root, ws string, list []catalog.Exercise, display string) (Placement, error) {
	p := Placement{Layout: LayoutWorkbook, Top: display, From: map[string]string{}}
	show := func(parts ...string) string {
		return filepath.ToSlash(filepath.Join(append([]string{display}, parts...)...))
	}
	notes, err := CopySubmission(root, ws, list, display)
	p.Notes = notes
	if err != nil {
		return p, err
	}
	for _, e := range list {
		if fi, err := os.Lstat(filepath.Join(root, catalog.ExercisesDir, e.Name)); err == nil && fi.IsDir() {
			p.From[e.Name] = show(catalog.ExercisesDir, e.Name)
		}
	}
	// Code of an exercise outside its folder: at the top of the copy, or
	// loose in exercises/ or in a folder there that is no exercise's.
	stray := func(dir string, rel ...string) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return
		}
		for _, en := range entries {
			if !target.IsCode(en.Name()) || !en.Type().IsRegular() {
				continue
			}
			where := show(append(rel, en.Name())...)
			pkg, err := packageOf(filepath.Join(dir, en.Name()))
			if e := exerciseOfPackage(list, pkg); err == nil && e != nil {
				p.Notes = append(p.Notes, fmt.Sprintf("%s (package %s) is outside %s: left out; move it there", where, pkg, show(catalog.ExercisesDir, e.Name)))
			} else if len(rel) > 0 {
				p.Notes = append(p.Notes, fmt.Sprintf("%s is in no exercise's folder: left out", where))
			}
		}
	}
	stray(root)
	exDir := filepath.Join(root, catalog.ExercisesDir)
	if fi, err := os.Lstat(exDir); err != nil || !fi.IsDir() {
		return p, nil // a symbolic link: CopySubmission said so
	}
	stray(exDir, catalog.ExercisesDir)
	if entries, err := os.ReadDir(exDir); err == nil {
		for _, en := range entries {
			if en.IsDir() && !skippedFolder(en.Name()) && exerciseByName(list, en.Name()) == nil {
				stray(filepath.Join(exDir, en.Name()), catalog.ExercisesDir, en.Name())
			}
		}
	}
	return p, nil
}

// candidate is a .go file found in a submission handed in as files.
type candidate struct {
	rel   string // path under the submission's top, slash-separated
	depth int    // folders between the top and the file
	data  []byte
	ex    *catalog.Exercise
}

// placeFiles places a submission of exercise folders and loose files.
func placeFiles(root, ws string, list []catalog.Exercise, display string) (Placement, error) {
	p := Placement{Layout: LayoutFiles, Top: display, From: map[string]string{}}
	show := func(rel string) string {
		return filepath.ToSlash(filepath.Join(display, filepath.FromSlash(rel)))
	}
	note := func(format string, args ...any) { p.Notes = append(p.Notes, fmt.Sprintf(format, args...)) }
	var found []candidate
	var nested []string // copies of the workbook inside the submission: only their exercises/ is read
	seen, goFiles := 0, 0
	walk := func(path string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if err != nil {
			if rel != "." {
				note("%s cannot be read: left out", show(rel))
				return fs.SkipDir
			}
			return err
		}
		if rel == "." {
			return nil
		}
		seen++
		if seen > maxEntries {
			note("%s holds over %d files and folders: only the first %d were looked at", show("."), maxEntries, maxEntries)
			return fs.SkipAll
		}
		name := d.Name()
		depth := strings.Count(rel, "/")
		switch {
		case d.Type()&os.ModeSymlink != 0:
			if strings.HasSuffix(name, ".go") || isFolderLink(path) {
				note("%s is a symbolic link: left out", show(rel))
			}
			return nil
		case d.IsDir():
			if skippedFolder(name) {
				return fs.SkipDir
			}
			if depth >= maxDepth {
				note("%s is over %d folders deep: left out", show(rel), maxDepth)
				return fs.SkipDir
			}
			if isWorkbook(path) {
				nested = append(nested, filepath.Join(path, catalog.ExercisesDir))
				return fs.SkipDir
			}
			return nil
		case !strings.HasSuffix(name, ".go"):
			if isArchive(name) {
				note("%s is an archive: left out (unpack it and hand in what it holds)", show(rel))
			}
			return nil
		case strings.HasPrefix(name, "."):
			return nil // an editor's or a Mac's shadow file (._x.go), never code
		case strings.HasSuffix(name, "_test.go"):
			goFiles++
			note("%s is a test file: left out (the checks are the checker's own)", show(rel))
			return nil
		}
		goFiles++
		if !d.Type().IsRegular() {
			note("%s is not a regular file: left out", show(rel))
			return nil
		}
		data, why := readCode(path)
		if why != "" {
			note("%s %s: left out", show(rel), why)
			return nil
		}
		c := candidate{rel: rel, depth: depth, data: data}
		pkg, perr := packageClause(rel, data)
		if c.ex = exerciseOfPackage(list, pkg); c.ex == nil && depth > 0 {
			c.ex = exerciseNamed(list, filepath.Base(filepath.Dir(path)))
		}
		switch {
		case c.ex != nil:
			found = append(found, c)
		case perr != nil:
			note("%s has no package clause Go can read: left out (%s)", show(rel), perr)
		default:
			note("%s is package %s, which is no exercise's (%s): left out", show(rel), pkg, packageNames(list))
		}
		return nil
	}
	err := filepath.WalkDir(root, walk)
	for i := 0; err == nil && i < len(nested); i++ {
		err = filepath.WalkDir(nested[i], walk)
	}
	if err != nil {
		return p, fmt.Errorf("read %s: %w", show("."), cleanErr(err))
	}
	// Shallower files first, then by path: a second file of the same name
	// for one exercise (an old copy in a subfolder, say) is left out.
	sort.SliceStable(found, func(i, j int) bool {
		if found[i].depth != found[j].depth {
			return found[i].depth < found[j].depth
		}
		return found[i].rel < found[j].rel
	})
	code := map[string]target.Code{}
	first := map[string]string{} // exercise name + file name -> the file placed
	for _, c := range found {
		name := c.ex.Name
		base := filepath.Base(c.rel)
		if prev, ok := first[name+"/"+base]; ok {
			note("%s is a second %s for %s: left out (%s is the one checked)", show(c.rel), base, c.ex.ID, show(prev))
			continue
		}
		first[name+"/"+base] = c.rel
		if code[name] == nil {
			code[name] = target.Code{}
			p.From[name] = show(filepath.ToSlash(filepath.Dir(c.rel)))
		}
		code[name][base] = c.data
	}
	if goFiles == 0 {
		note("%s holds no .go file: hand in a copy of the workbook, its exercise folders, or your .go files", show("."))
	}
	for _, e := range list {
		if c, ok := code[e.Name]; ok {
			if err := c.Write(filepath.Join(ws, catalog.ExercisesDir, e.Name)); err != nil {
				return p, fmt.Errorf("workspace: %w", err)
			}
		}
	}
	return p, nil
}

// readCode reads a .go file of a submission through target.Read's rules
// (regular, at most target.MaxFileSize), or says why it is left out.
func readCode(path string) ([]byte, string) {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, "cannot be read"
	}
	if fi.Size() > target.MaxFileSize {
		return nil, fmt.Sprintf("is over %d KiB", target.MaxFileSize>>10)
	}
	data, err := os.ReadFile(path)
	switch {
	case err != nil:
		return nil, "cannot be read"
	case len(data) > target.MaxFileSize:
		return nil, fmt.Sprintf("is over %d KiB", target.MaxFileSize>>10)
	}
	return data, ""
}

// packageOf is the package clause of the Go file at path.
func packageOf(path string) (string, error) {
	data, why := readCode(path)
	if why != "" {
		return "", fmt.Errorf("%s", why)
	}
	return packageClause(filepath.Base(path), data)
}

// packageClause is the package name a Go file declares.
func packageClause(name string, src []byte) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.PackageClauseOnly)
	if err != nil {
		msg := err.Error()
		if i := strings.Index(msg, ": "); i >= 0 {
			msg = msg[i+2:] // the position is the file's own: keep what is wrong
		}
		return "", fmt.Errorf("%s", msg)
	}
	return f.Name.Name, nil
}

// exerciseOfPackage is the exercise whose package is pkg, or nil.
func exerciseOfPackage(list []catalog.Exercise, pkg string) *catalog.Exercise {
	if pkg == "" {
		return nil
	}
	return exerciseByName(list, pkg)
}

// exerciseByName is the exercise named name exactly, or nil.
func exerciseByName(list []catalog.Exercise, name string) *catalog.Exercise {
	for i := range list {
		if list[i].Name == name {
			return &list[i]
		}
	}
	return nil
}

// exerciseNamed is the exercise a folder is named after ("resource",
// "exercise-3", in any case), or nil.
func exerciseNamed(list []catalog.Exercise, folder string) *catalog.Exercise {
	for i := range list {
		if strings.EqualFold(folder, list[i].Name) || (list[i].ID != "" && strings.EqualFold(folder, list[i].ID)) {
			return &list[i]
		}
	}
	return nil
}

// packageNames lists the exercises' packages, for a note.
func packageNames(list []catalog.Exercise) string {
	names := make([]string, len(list))
	for i, e := range list {
		names[i] = e.Name
	}
	return strings.Join(names, ", ")
}

// skippedFolder reports whether a folder is one no learner keeps code in:
// hidden ones (.git, .checker-backup, which holds old versions of the
// learner's own files) and the resource forks of a Mac's archive.
func skippedFolder(name string) bool {
	return strings.HasPrefix(name, ".") || name == "__MACOSX"
}

// isWorkbook reports whether dir is a copy of the workbook: a go.mod and
// an exercises folder beside it. Its solutions, checks and checker are the
// workbook's, not the learner's.
func isWorkbook(dir string) bool {
	mod, err1 := os.Lstat(filepath.Join(dir, "go.mod"))
	ex, err2 := os.Lstat(filepath.Join(dir, catalog.ExercisesDir))
	return err1 == nil && err2 == nil && mod.Mode().IsRegular() && ex.IsDir()
}

// isFolderLink reports whether path is a symbolic link to a folder.
func isFolderLink(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// isArchive reports whether a file name is an archive's, whose .go files
// a learner meant to hand in.
func isArchive(name string) bool {
	n := strings.ToLower(name)
	for _, ext := range []string{".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".rar", ".7z"} {
		if strings.HasSuffix(n, ext) {
			return true
		}
	}
	return false
}
