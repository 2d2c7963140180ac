package main

func (s *session) watch(args []string) error { return usagef("watch: not yet available") }
func (s *session) dev(args []string) error   { return usagef("dev: not yet available") }
