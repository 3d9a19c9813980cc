package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/specstress/specstress/pipeline/dataset"
	"github.com/specstress/specstress/pipeline/simulate"
)

func init() {
	register("data", "synthetic sample dataset, dataset info and release checks (data sample | data info | data verify | data cache)", runData)
	registerSubs("data", "sample", "info", "verify", "cache")
}

func runData(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, dataUsage)
		return 2
	}
	switch args[0] {
	case "sample":
		return runDataSample(args[1:], stdout, stderr)
	case "info":
		return runDataInfo(args[1:], stdout, stderr)
	case "verify":
		return runDataVerify(args[1:], stdout, stderr)
	case "cache":
		return runDataCache(args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprintln(stderr, dataUsage)
		return 0
	}
	fmt.Fprintf(stderr, "specstress data: unknown subcommand %q (want sample, info, verify or cache)\n", args[0])
	return 2
}

const dataUsage = "usage: specstress data sample --out DIR [--scenarios N] [--seed S]\n       specstress data info [--columns] DIR\n       specstress data verify [--paper-counts=false] DIR\n       specstress data cache [--clear]\n(DIR may be hf://datasets/OWNER/NAME[@REV][/PATH] or an https:// URL of a parquet file)\n\nRun 'specstress data SUBCOMMAND -h' for a subcommand's flags."

const dataSampleUsage = `usage: specstress data sample --out DIR [--scenarios N] [--seed S] [flags]

Writes a synthetic dataset in the layout of the public release to DIR: the
same seed gives byte-identical files.

flags:`

const dataInfoUsage = `usage: specstress data info [--columns] DIR

Lists the configs and splits of the dataset in DIR with their row counts.
DIR may be hf://datasets/OWNER/NAME[@REV][/PATH] or an https:// URL of a parquet file.

flags:`

func runDataSample(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("data sample", flag.ContinueOnError)
	fs.SetOutput(stderr)
	def := simulate.DefaultConfig()
	out := fs.String("out", "", "output directory (required)")
	n := fs.Int("scenarios", def.Scenarios, "scenarios in the complete config (pairs x 3 nudges)")
	seed := fs.Uint64("seed", def.Seed, "random seed; the same seed gives byte-identical files")
	chars := fs.Int("response-chars", def.ResponseChars, "approximate length of each synthetic response (0: one sentence)")
	shards := fs.Int("shards", def.Shards, "shards of complete/train")
	perBin := fs.Int("judge-per-bin", def.JudgePerBin, "judged scenarios per disagreement bin")
	high := fs.Float64("high-disagreement", def.HighDisagreement, "share of value pairs planted with split camps")
	plant := fs.Bool("plant-spec-defects", false, "plant disagreement where the sample spec is contradictory, vague or silent (simulate.SampleSpecContests) and write that spec to DIR/spec.md, for `analyze hotspots DIR --spec DIR/spec.md`")
	fs.Usage = func() {
		fmt.Fprintln(stderr, dataSampleUsage)
		fs.PrintDefaults()
	}
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if *out == "" {
		fmt.Fprintln(stderr, "specstress data sample: --out DIR is missing: say where to write the dataset")
		return 2
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "specstress data sample: takes no arguments besides flags, got %q (the output directory goes in --out)\n", pos)
		return 2
	}
	cfg := def
	cfg.Scenarios, cfg.Seed, cfg.ResponseChars, cfg.Shards = *n, *seed, *chars, *shards
	cfg.JudgePerBin, cfg.HighDisagreement = *perBin, *high
	if *plant {
		// The default sample keeps the paper's distributions, where
		// disagreement falls on random category pairs; planted contests
		// make it follow the sample spec's defects instead.
		cfg.Contests = simulate.SampleSpecContests()
	}
	d, err := simulate.Generate(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "specstress data sample:", err)
		return 1
	}
	if cfg.Scenarios > 50_000 {
		d.Progress = func(w string) { fmt.Fprintln(stderr, "wrote", w) }
	}
	if err := d.Write(*out); err != nil {
		fmt.Fprintln(stderr, "specstress data sample:", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %d scenarios (%d pairs), %d judged responses to %s\n", d.Scenarios.Rows, len(d.Pairs), len(d.Judged), *out)
	if *plant {
		specPath, err := writeSampleSpec(*out)
		if err != nil {
			fmt.Fprintln(stderr, "specstress data sample:", err)
			return 1
		}
		fmt.Fprintf(stdout, "planted the sample spec's defects (%s); its spec is %s\n", sampleDefectsNote, specPath)
	}
	return 0
}

func runDataInfo(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("data info", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cols := fs.Bool("columns", false, "list every column with its type and null count")
	fs.Usage = func() {
		fmt.Fprintln(stderr, dataInfoUsage)
		fs.PrintDefaults()
	}
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "specstress data info: want one dataset directory, got %d arguments\n\n%s\n", len(pos), dataInfoUsage)
		fs.PrintDefaults()
		return 2
	}
	ds, err := dataset.Open(pos[0])
	if err == nil {
		err = ds.Load() // every footer: a remote Open reads none
	}
	if err != nil {
		fmt.Fprintln(stderr, "specstress data info:", err)
		return 1
	}
	fmt.Fprintln(stdout, dataset.Describe(ds, *cols))
	return 0
}

// sampleDefectsNote names what --plant-spec-defects plants.
const sampleDefectsNote = "two contradictions, a vague clause, an uncovered topic: see spec_defects.md of the embedded sample"

// writeSampleSpec copies the embedded sample's synthetic spec into dir.
func writeSampleSpec(dir string) (string, error) {
	sample, err := dataset.SampleDir()
	if err != nil {
		return "", err
	}
	b, err := os.ReadFile(filepath.Join(sample, "spec.md"))
	if err != nil {
		return "", fmt.Errorf("the sample spec: %w", err)
	}
	p := filepath.Join(dir, "spec.md")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		return "", fmt.Errorf("writing the sample spec: %w", err)
	}
	return p, nil
}
