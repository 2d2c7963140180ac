// Package progress remembers, in a small state file at the workbook root
// (ignored by git), what the last check of each exercise found, whether it
// ever passed, and which hints the learner has seen. Progress is always
// derived from checking: the state records a fingerprint of the files it
// checked, so an edit since then is noticed.
package progress

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
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
	// Passed is set once the exercise has passed, and stays set: the
	// reference answer stays unlocked after a reset or a later edit.
	Passed bool `json:"passed,omitempty"`
	Hints  int  `json:"hints,omitempty"` // hints revealed so far
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

// Record remembers what a check of the files with fingerprint found.
func (s *State) Record(id, status, fingerprint string) {
	e := s.Get(id)
	e.Status, e.Fingerprint = status, fingerprint
	if status == "pass" {
		e.Passed = true
	}
}

// Save writes the state back, atomically.
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
