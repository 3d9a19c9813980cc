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

// Exit codes of the LLM commands.
const (
	exitOK         = 0
	exitError      = 1 // bad configuration, a stage stopped, export failed
	exitUsage      = 2
	exitIncomplete = 3 // the stages ran, but items are missing (see the summary on stderr)
)

func init() {
	for _, c := range llmCommands {
		c := c
		register(c.name, c.summary, func(args []string, stdout, stderr io.Writer) int {
			return runLLM(c.name, c.stages, args, stdout, stderr)
		})
	}
}

// llmOptions are the parsed flags of an LLM command.
type llmOptions struct {
	name         string
	stages       []string
	config       string
	out          string
	pairs        int
	dry          bool
	export       string
	replay       bool
	costLimit    float64
	quiet        bool
	batch        bool
	poll         time.Duration
	offline      bool
	allowPartial bool
	prompts      string   // a prompt templates file replacing the defaults
	spec         string   // the model spec file for the judges (overrides the config)
	t2           *t2flags // --table2: the paper's Table 2 samples instead of the stages
}

func parseLLMFlags(name string, stageNames, args []string, stderr io.Writer) (*llmOptions, int) {
	o := &llmOptions{name: name, stages: stageNames}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.config, "config", "", "run configuration (JSON); required unless --offline")
	fs.StringVar(&o.out, "out", "", "run directory (overrides the config's \"out\")")
	fs.IntVar(&o.pairs, "pairs", -1, "number of value pairs (overrides the config)")
	fs.BoolVar(&o.dry, "dry-run", false, "print the number of calls and the estimated cost, make no call")
	all := fs.Bool("all", false, "run every stage, generate through judge")
	only := fs.String("stages", "", "comma-separated stages to run instead of the command's own (see --all for the list)")
	fs.StringVar(&o.export, "export", "", "dataset directory to write (default RUN/dataset)")
	fs.BoolVar(&o.replay, "replay", false, "answer only from the cache; a miss is an error")
	fs.Float64Var(&o.costLimit, "cost-limit", -1, "stop making calls after this many dollars (overrides the config)")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress bar")
	fs.BoolVar(&o.batch, "batch", false, "use the providers' batch APIs (OpenAI Batch, Anthropic Message Batches) at half price")
	fs.DurationVar(&o.poll, "poll", 30*time.Second, "batch mode: how often to poll a submitted batch")
	fs.BoolVar(&o.offline, "offline", false, "play every role the configuration leaves out (every role, without --config) with the offline sim backend: simulated data, marked as such")
	fs.BoolVar(&o.allowPartial, "allow-partial", false, "exit 0 even when items are missing (failed or unanswered); by default that exits 3")
	fs.StringVar(&o.spec, "spec", "", "the model spec `FILE` the judges evaluate against (overrides the config's \"spec\"); the judges are also asked which of its clauses they rest on, unless the config sets \"no_clause_citations\"")
	fs.StringVar(&o.prompts, "prompts", "", "prompt templates file replacing the defaults (overrides the config's \"prompts\"; see the stages package doc)")
	o.t2 = table2Flags(fs)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: specstress %s (--config RUN.json | --offline) [--out DIR] [--pairs N] [--dry-run] [--all] [--batch] [--allow-partial]\n\n", name)
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "\nexit status: 0 complete; 1 error; 2 usage; 3 items missing (summary on stderr; --allow-partial exits 0)")
	}
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return nil, code
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "specstress %s: takes no arguments besides flags, got %q (the run directory goes in --out)\n", name, pos)
		return nil, exitUsage
	}
	if !o.chooseStages(*all, *only, stderr) {
		return nil, exitUsage
	}
	if o.config == "" && !o.offline {
		fmt.Fprintf(stderr, "specstress %s: no --config: give a run configuration, or --offline to run every role on the offline sim backend (simulated data)\n", name)
		return nil, exitUsage
	}
	return o, -1
}

// chooseStages applies --all, --stages and --table2 to the command's own
// stages; false means a usage error, printed.
func (o *llmOptions) chooseStages(all bool, only string, stderr io.Writer) bool {
	if all {
		o.stages = stages.AllStages()
	}
	if only != "" {
		o.stages = nil
		for _, s := range strings.Split(only, ",") {
			s = strings.TrimSpace(s)
			if !containsStage(stages.AllStages(), s) {
				fmt.Fprintf(stderr, "specstress %s: unknown stage %q (stages: %s)\n", o.name, s, strings.Join(stages.AllStages(), ", "))
				return false
			}
			o.stages = append(o.stages, s)
		}
	}
	if o.t2.on {
		if only != "" {
			fmt.Fprintf(stderr, "specstress %s: --table2 runs its own stage: drop --stages\n", o.name)
			return false
		}
		o.stages = []string{stages.StageTable2}
	}
	return true
}

// runConfig builds the run configuration the flags ask for and checks that
// every role the stages need is there.
func (o *llmOptions) runConfig() (stages.Config, error) {
	cfg := stages.DefaultConfig()
	if o.config != "" {
		var err error
		if cfg, err = stages.LoadConfig(o.config); err != nil {
			return cfg, err
		}
		if o.offline {
			cfg.FillSimulated() // what "simulate": true in the file means
		}
	}
	if o.out != "" {
		cfg.Out = o.out
	}
	if o.pairs >= 0 {
		cfg.Pairs = o.pairs
	}
	if o.replay {
		cfg.Replay = true
	}
	if o.costLimit >= 0 {
		cfg.CostLimit = o.costLimit
	}
	if o.allowPartial {
		cfg.AllowPartial = true
	}
	if o.spec != "" {
		cfg.Spec = o.spec
	}
	if o.prompts != "" {
		cfg.Prompts = o.prompts
		if err := cfg.Validate(); err != nil {
			return cfg, err
		}
	}
	return cfg, cfg.Check(o.stages...)
}

// runLLM is one LLM command: flags and configuration, the client stack
// and run, the stages, then the report and exit status.
func runLLM(name string, stageNames []string, args []string, stdout, stderr io.Writer) int {
	o, code := parseLLMFlags(name, stageNames, args, stderr)
	if o == nil {
		return code
	}
	cfg, t2opts, code := o.prepare(stderr)
	if code >= 0 {
		return code
	}
	if o.dry {
		if err := dryRun(o, cfg, t2opts, stdout); err != nil {
			return o.fail(stderr, "%v", err)
		}
		return exitOK
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	r, err := o.openRun(cfg, stderr)
	if err != nil {
		return o.fail(stderr, "%v", err)
	}
	defer r.close()
	if o.t2.on {
		if err := sampleTable2(r.run, t2opts, stdout); err != nil {
			return o.fail(stderr, "%v", err)
		}
	}
	return o.report(cfg, r, o.execute(ctx, r, stdout), stdout, stderr)
}

// fail prints an error of the command and returns exitError.
func (o *llmOptions) fail(stderr io.Writer, format string, a ...any) int {
	fmt.Fprintf(stderr, "specstress %s: %s\n", o.name, fmt.Sprintf(format, a...))
	return exitError
}

// prepare builds the run configuration and the Table 2 options and notes
// a simulated run; code is -1 to go on, else the exit status.
func (o *llmOptions) prepare(stderr io.Writer) (cfg stages.Config, t2opts stages.Table2Options, code int) {
	cfg, err := o.runConfig()
	if err != nil {
		return cfg, t2opts, o.fail(stderr, "%v", err)
	}
	if note := stages.SimulatedNote(cfg.Simulated()); note != "" {
		fmt.Fprintln(stderr, "note: "+note)
	}
	if t2opts, err = o.t2.options(cfg); err != nil {
		fmt.Fprintf(stderr, "specstress %s: %v\n", o.name, err)
		return cfg, t2opts, exitUsage
	}
	return cfg, t2opts, -1
}

// llmRun is an open run with its client stack and cache.
type llmRun struct {
	run   *stages.Run
	stack *llm.Stack
	cache llm.Cache
}

// openRun builds the client stack and cache and opens the run in cfg.Out,
// with its warnings printed, its embedder, log and progress bar.
func (o *llmOptions) openRun(cfg stages.Config, stderr io.Writer) (*llmRun, error) {
	logf := func(format string, a ...any) { fmt.Fprintf(stderr, "\n"+format+"\n", a...) }
	stack, cache, err := stages.NewStack(cfg, os.Getenv, logf)
	if err != nil {
		return nil, err
	}
	run, err := stages.Open(cfg, stack)
	if err != nil {
		cache.Close()
		return nil, err
	}
	r := &llmRun{run: run, stack: stack, cache: cache}
	for _, w := range run.Warnings() {
		fmt.Fprintln(stderr, "WARNING:", w)
	}
	run.Stats, run.Log = stack.Stats, logf
	if run.Embedder, err = stages.NewEmbedder(cfg, os.Getenv); err != nil {
		r.close()
		return nil, err
	}
	if f, ok := stderr.(*os.File); ok && !o.quiet && term.IsTerminal(int(f.Fd())) {
		run.Progress = &llm.TerminalProgress{W: stderr}
	}
	return r, nil
}

// close closes the run, then its cache.
func (r *llmRun) close() {
	r.run.Close()
	r.cache.Close()
}

// execute runs the stages, directly or through the providers' batch
// APIs, and prints each stage's result and the stack's counters.
func (o *llmOptions) execute(ctx context.Context, r *llmRun, stdout io.Writer) error {
	var results []stages.StageResult
	var err error
	if o.batch {
		results, err = r.run.Batched(ctx, r.stack, o.poll, o.stages...)
	} else {
		results, err = r.run.Stages(ctx, o.stages...)
	}
	for _, res := range results {
		fmt.Fprintln(stdout, res)
	}
	fmt.Fprintln(stdout, r.stack.Stats())
	return err
}

// report decides the exit status once the stages ran: a stopped run lists
// what it lacks; a finished one writes table2.json or exports the dataset.
func (o *llmOptions) report(cfg stages.Config, r *llmRun, err error, stdout, stderr io.Writer) int {
	if err != nil {
		code := o.fail(stderr, "%v (re-run the same command to resume)", err)
		printGaps(o.name, cfg, r.run.Gaps(o.stages...), stderr)
		return code
	}
	if o.t2.on {
		return finishTable2(o, cfg, r.run, stdout, stderr)
	}
	return exportAndCheck(o, cfg, r.run, stdout, stderr)
}

// dryRun prints the plan of calls and cost.
func dryRun(o *llmOptions, cfg stages.Config, t2opts stages.Table2Options, stdout io.Writer) error {
	fmt.Fprintf(stdout, "dry run of %s: %d value pairs, no call made\n", strings.Join(o.stages, ", "), cfg.Pairs)
	lines := stages.Plan(cfg, o.stages, nil)
	if o.t2.on {
		lines = stages.PlanTable2(cfg, t2opts, nil)
	}
	if _, err := os.Stat(filepath.Join(cfg.Out, "pairs.jsonl")); err == nil && !o.t2.on {
		// A run to resume: count only what its journals do not hold.
		run, err := stages.Open(cfg, nil)
		if err != nil {
			return err
		}
		lines = run.Plan(o.stages, nil)
		run.Close()
		fmt.Fprintf(stdout, "resuming %s: remaining calls only\n", cfg.Out)
	}
	if o.batch {
		lines = stages.AtBatchPrices(cfg, lines)
		fmt.Fprintln(stdout, "at batch prices where the provider has a batch API")
	}
	stages.WritePlan(stdout, lines)
	warnCostLimit(stdout, cfg.CostLimit, lines)
	return nil
}

// exportAndCheck writes the dataset and decides the exit status: a run
// with items missing exits 3 with a summary per stage and model, unless
// --allow-partial.
func exportAndCheck(o *llmOptions, cfg stages.Config, run *stages.Run, stdout, stderr io.Writer) int {
	dir := o.export
	if dir == "" {
		dir = filepath.Join(cfg.Out, "dataset")
	}
	sum, err := run.Export(dir)
	if err != nil {
		fmt.Fprintf(stderr, "specstress %s: export: %v\n", o.name, err)
		return exitError
	}
	fmt.Fprintf(stdout, "dataset %s: complete/train %d rows, default splits %v, judge_evaluations %v\n",
		sum.Dir, sum.CompleteRows, sum.DefaultSplits, sum.JudgeRows)
	if note := stages.SimulatedNote(sum.Simulated); note != "" {
		fmt.Fprintf(stdout, "%s (marked in %s)\n", note, filepath.Join(dir, "provenance.json"))
	}
	gaps := run.Gaps(o.stages...)
	if len(gaps) == 0 {
		return exitOK
	}
	printGaps(o.name, cfg, gaps, stderr)
	if cfg.AllowPartial {
		fmt.Fprintf(stderr, "specstress %s: --allow-partial: exit 0 although incomplete\n", o.name)
		return exitOK
	}
	return exitIncomplete
}

// finishTable2 writes RUN/table2.json; judged responses that failed exit
// 3 like any incomplete run, unless --allow-partial.
func finishTable2(o *llmOptions, cfg stages.Config, run *stages.Run, stdout, stderr io.Writer) int {
	if err := writeTable2(run, stdout); err != nil {
		fmt.Fprintf(stderr, "specstress %s: %v\n", o.name, err)
		return exitError
	}
	n := len(run.OpenFailures())
	if n == 0 {
		return exitOK
	}
	fmt.Fprintf(stderr, "specstress %s: incomplete: %d items failed and have no result (details in %s; re-run to retry them)\n",
		o.name, n, filepath.Join(cfg.Out, "failures.jsonl"))
	if cfg.AllowPartial {
		return exitOK
	}
	return exitIncomplete
}

// printGaps lists what the run lacks, per stage and model.
func printGaps(name string, cfg stages.Config, gaps []stages.Gap, stderr io.Writer) {
	if len(gaps) == 0 {
		return
	}
	fmt.Fprintf(stderr, "specstress %s: incomplete: items without a result (details in %s; re-run to retry them):\n",
		name, filepath.Join(cfg.Out, "failures.jsonl"))
	for _, g := range gaps {
		fmt.Fprintf(stderr, "  %s\n", g)
	}
}

func containsStage(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
