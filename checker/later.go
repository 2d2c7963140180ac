package main

func (s *session) watch(args []string) error { return usagef("watch: not yet available") }
