// Package yaegifix gathers the engine's workarounds for defects of the
// yaegi interpreter (github.com/traefik/yaegi v0.16.1) that need nothing of
// a session's state: source rewrites applied to a cell before yaegi sees
// it, and translations of yaegi's messages into the ones Go gives.
package yaegifix
