// Package progress remembers, in a small state file at the workbook root
// (ignored by git), what the last check of each exercise found and which
// hints the learner has seen. Progress is always derived from checking: the
// state records a fingerprint of the files it checked, so an edit since then
// is noticed.
package progress

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// FileName is the state file's name, at the workbook root.
const FileName = ".checker-state.json"

// State is what the file holds.
type State struct {
	Exercises map[string]*Exercise `json:"exercises"`
	path      string
}

// Exercise is what is remembered of one exercise.
type Exercise struct {
	Status      string `json:"status,omitempty"` // pass or fail, at the last check
	Fingerprint string `json:"fingerprint,omitempty"`
	Hints       int    `json:"hints,omitempty"` // hints revealed so far
}

// Load reads the state of the workbook at root; a missing file is an empty state.
func Load(root string) (*State, error) {
	s := &State{Exercises: map[string]*Exercise{}, path: filepath.Join(root, FileName)}
	data, err := os.ReadFile(s.path)
	if errors.Is(err, os.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read progress: %w", err)
	}
	if err := json.Unmarshal(data, s); err != nil || s.Exercises == nil {
		// A damaged state file only forgets progress; checking restores it.
		s.Exercises = map[string]*Exercise{}
	}
	return s, nil
}

// Get returns the entry for id, creating it.
func (s *State) Get(id string) *Exercise {
	e := s.Exercises[id]
	if e == nil {
		e = &Exercise{}
		s.Exercises[id] = e
	}
	return e
}

// Save writes the state back.
func (s *State) Save() error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	tmp := s.path + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("save progress: %w", err)
	}
	return os.Rename(tmp, s.path)
}

// Fingerprint hashes the named files of a folder (name and content).
func Fingerprint(files map[string][]byte) string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(files[n]))
		h.Write(files[n])
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
