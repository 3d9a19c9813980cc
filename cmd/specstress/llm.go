package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/specstress/specstress/pipeline/llm"
	"github.com/specstress/specstress/pipeline/stages"
)

// The four LLM commands share one implementation; each runs its stages
// over the run configuration, then re-exports the dataset layout.
var llmCommands = []struct {
	name, summary string
	stages        []string
}{
	{"generate", "value pairs, scenarios (B.1, B.2) and spectra (B.3) over a run config",
		[]string{stages.StagePairs, stages.StageScenarios, stages.StageSpectra}},
	{"respond", "responses of every configured model to every scenario",
		[]string{stages.StageResponses}},
	{"classify", "positions (B.4), topic tags (B.5), response types and distinctive values",
		[]string{stages.StageClassify, stages.StageTopics, stages.StageResponseTypes, stages.StageValues}},
	{"judge", "compliance judgments (B.6) by the configured judges against a spec",
		[]string{stages.StageJudge}},
}

func init() {
	for _, c := range llmCommands {
		c := c
		register(c.name, c.summary, func(args []string, stdout, stderr io.Writer) int {
			return runLLM(c.name, c.stages, args, stdout, stderr)
		})
	}
}

func runLLM(name string, stageNames []string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	config := fs.String("config", "", "run configuration (JSON); without it every role is the offline sim backend")
	out := fs.String("out", "", "run directory (overrides the config's \"out\")")
	pairs := fs.Int("pairs", -1, "number of value pairs (overrides the config)")
	dry := fs.Bool("dry-run", false, "print the number of calls and the estimated cost, make no call")
	all := fs.Bool("all", false, "run every stage, generate through judge")
	only := fs.String("stages", "", "comma-separated stages to run instead of the command's own (see --all for the list)")
	export := fs.String("export", "", "dataset directory to write (default RUN/dataset)")
	replay := fs.Bool("replay", false, "answer only from the cache; a miss is an error")
	costLimit := fs.Float64("cost-limit", -1, "stop making calls after this many dollars (overrides the config)")
	quiet := fs.Bool("quiet", false, "no progress bar")
	batch := fs.Bool("batch", false, "use the providers' batch APIs (OpenAI Batch, Anthropic Message Batches) at half price")
	poll := fs.Duration("poll", 30*time.Second, "batch mode: how often to poll a submitted batch")
	t2 := table2Flags(fs)
	prompts := fs.String("prompts", "", "prompt templates file replacing the defaults (overrides the config's \"prompts\"; see the stages package doc)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: specstress %s [--config RUN.json] [--out DIR] [--pairs N] [--dry-run] [--all] [--batch]\n\n", name)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	cfg := stages.DefaultConfig()
	if *config != "" {
		var err error
		if cfg, err = stages.LoadConfig(*config); err != nil {
			fmt.Fprintf(stderr, "specstress %s: %v\n", name, err)
			return 1
		}
	}
	if *out != "" {
		cfg.Out = *out
	}
	if *pairs >= 0 {
		cfg.Pairs = *pairs
	}
	if *replay {
		cfg.Replay = true
	}
	if *costLimit >= 0 {
		cfg.CostLimit = *costLimit
	}
	if *prompts != "" {
		cfg.Prompts = *prompts
		if err := cfg.Validate(); err != nil {
			fmt.Fprintf(stderr, "specstress %s: %v\n", name, err)
			return 1
		}
	}
	if *all {
		stageNames = stages.AllStages()
	}
	t2opts, err := t2.options(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "specstress %s: %v\n", name, err)
		return 2
	}
	if *only != "" {
		stageNames = nil
		for _, s := range strings.Split(*only, ",") {
			s = strings.TrimSpace(s)
			if !containsStage(stages.AllStages(), s) {
				fmt.Fprintf(stderr, "specstress %s: unknown stage %q (stages: %s)\n", name, s, strings.Join(stages.AllStages(), ", "))
				return 2
			}
			stageNames = append(stageNames, s)
		}
	}
	if t2.on {
		if *only != "" {
			fmt.Fprintf(stderr, "specstress %s: --table2 runs its own stage: drop --stages\n", name)
			return 2
		}
		stageNames = []string{stages.StageTable2}
	}
	if *dry {
		fmt.Fprintf(stdout, "dry run of %s: %d value pairs, no call made\n", strings.Join(stageNames, ", "), cfg.Pairs)
		lines := stages.Plan(cfg, stageNames, nil)
		if t2.on {
			lines = stages.PlanTable2(cfg, t2opts, nil)
		}
		if _, err := os.Stat(filepath.Join(cfg.Out, "pairs.jsonl")); err == nil && !t2.on {
			// A run to resume: count only what its journals do not hold.
			run, err := stages.Open(cfg, nil)
			if err != nil {
				fmt.Fprintf(stderr, "specstress %s: %v\n", name, err)
				return 1
			}
			lines = run.Plan(stageNames, nil)
			run.Close()
			fmt.Fprintf(stdout, "resuming %s: remaining calls only\n", cfg.Out)
		}
		if *batch {
			lines = stages.AtBatchPrices(cfg, lines)
			fmt.Fprintln(stdout, "at batch prices where the provider has a batch API")
		}
		stages.WritePlan(stdout, lines)
		return 0
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logf := func(format string, a ...any) { fmt.Fprintf(stderr, "\n"+format+"\n", a...) }
	stack, cache, err := stages.NewStack(cfg, os.Getenv, logf)
	if err != nil {
		fmt.Fprintf(stderr, "specstress %s: %v\n", name, err)
		return 1
	}
	defer cache.Close()
	run, err := stages.Open(cfg, stack)
	if err != nil {
		fmt.Fprintf(stderr, "specstress %s: %v\n", name, err)
		return 1
	}
	defer run.Close()
	run.Stats, run.Log = stack.Stats, logf
	if run.Embedder, err = stages.NewEmbedder(cfg, os.Getenv); err != nil {
		fmt.Fprintf(stderr, "specstress %s: %v\n", name, err)
		return 1
	}
	if f, ok := stderr.(*os.File); ok && !*quiet && term.IsTerminal(int(f.Fd())) {
		run.Progress = &llm.TerminalProgress{W: stderr}
	}
	if w := run.TaxonomyWarning(); w != "" {
		fmt.Fprintln(stderr, "WARNING:", w)
	}
	if t2.on {
		if err := sampleTable2(run, t2opts, stdout); err != nil {
			fmt.Fprintf(stderr, "specstress %s: %v\n", name, err)
			return 1
		}
	}
	var results []stages.StageResult
	if *batch {
		results, err = run.Batched(ctx, stack, *poll, stageNames...)
	} else {
		results, err = run.Stages(ctx, stageNames...)
	}
	for _, r := range results {
		fmt.Fprintln(stdout, r)
	}
	fmt.Fprintln(stdout, stack.Stats())
	if err != nil {
		fmt.Fprintf(stderr, "specstress %s: %v (re-run the same command to resume)\n", name, err)
		return 1
	}
	if t2.on {
		if err := writeTable2(run, stdout); err != nil {
			fmt.Fprintf(stderr, "specstress %s: %v\n", name, err)
			return 1
		}
		return 0
	}
	dir := *export
	if dir == "" {
		dir = filepath.Join(cfg.Out, "dataset")
	}
	sum, err := run.Export(dir)
	if err != nil {
		fmt.Fprintf(stderr, "specstress %s: export: %v\n", name, err)
		return 1
	}
	fmt.Fprintf(stdout, "dataset %s: complete/train %d rows, default splits %v, judge_evaluations %v\n",
		sum.Dir, sum.CompleteRows, sum.DefaultSplits, sum.JudgeRows)
	if n := len(run.OpenFailures()); n > 0 {
		fmt.Fprintf(stdout, "%d items failed and have no result (details in %s; re-run to retry them)\n", n, filepath.Join(cfg.Out, "failures.jsonl"))
	}
	return 0
}

func containsStage(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
