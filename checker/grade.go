package main

func (s *session) grade(args []string) error { return usagef("grade: not yet available") }
func (s *session) merge(args []string) error { return usagef("merge: not yet available") }
