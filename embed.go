// Package workbook embeds the workbook's checks, so that a checker binary
// grades with the scripts it was built with, whatever a submission's own
// testdata says. It also embeds go.sum, so check builds resolve the
// workbook's modules offline from the module cache.
package workbook

import "embed"

// Checks holds testdata/ (the manifest, and for every exercise its check
// scripts, its kit, its hints and its pristine stub) and solutions/ (the
// reference answers, against which an instructor's hidden checks are
// validated wherever the checker runs).
//
//go:embed testdata/manifest.json testdata/*/*.txtar testdata/*/hints.md testdata/*/kit_test.go testdata/*/order.txt solutions/*/*.go
var Checks embed.FS

// GoSum is the workbook's go.sum.
//
//go:embed go.sum
var GoSum []byte
