//go:build tools

// Package tools pins the module's dependencies before every package uses them.
package tools

import (
	_ "github.com/anthropics/anthropic-sdk-go/v2"
	_ "github.com/go-gota/gota/dataframe"
	_ "github.com/go-zeromq/zmq4"
	_ "github.com/openai/openai-go/v3"
	_ "github.com/parquet-go/parquet-go"
	_ "github.com/traefik/yaegi/extract"
	_ "github.com/traefik/yaegi/interp"
	_ "golang.org/x/sync/errgroup"
	_ "golang.org/x/term"
	_ "gonum.org/v1/gonum/stat"
	_ "gonum.org/v1/plot"
	_ "modernc.org/sqlite"
)
