// Package yaegifix gathers the engine's workarounds for defects of the
// yaegi interpreter that need nothing of a session's state: source rewrites
// applied to a cell before yaegi sees it, and translations of yaegi's
// messages into the ones Go gives. Workarounds that need the session (its
// imports, types, type checker or helper values) stay in kernel/repl; the
// index below lists them too.
//
// Every defect was observed with github.com/traefik/yaegi v0.16.1 (the
// version in go.mod; the module proxy serves no later one) under Go 1.26.
// Each entry gives the defect with a minimal snippet, the workaround and
// where it lives, its canary and the engine tests that check the cell gives
// Go's answer (or is refused naming the limitation, where no workaround
// can give it). The canaries (defects_test.go, run by
// TestYaegiDefectsStillPresent, and TestYaegiKeepsCompiledRoots) run the
// snippet on a raw interpreter with yaegi's own standard library tables and
// fail with "yaegi fixed <bug>: remove workaround X in Y" once yaegi stops
// showing the defect as recorded. Engine tests are in kernel/repl; "cell"
// names a cell of the suite kernel/testdata/cells (TestCellSuite).
// TestIndexIsComplete keeps this index, the canaries and the engine tests
// in step.
//
// # Rewrites and translations in this package
//
// RangeOverInt: range over an int crashes the compiler (panic "nil type"):
//
//	for i := range 3 { s += i }
//
// Workaround: RangeCandidates (rangeint.go) lists the ranges that may be
// over an int; kernel/repl compile.go rewrites them into three-clause
// loops, up front when the expression is certainly an int, else when
// compiling fails. Engine: TestRangeOverInt; cell range-over-int.
//
// TopLevelDefer: a defer among a cell's top-level statements lands on the
// global frame, whose deferred calls run again after every later Eval:
//
//	defer fmt.Println("deferred") // printed after this and every later cell
//
// Workaround: TopLevelDefers (defer.go) hands the call to the helper's
// Defer, which the engine runs once when the cell ends. Engine:
// TestTopLevelDeferRunsOnceAtTheEndOfTheCell.
//
// TopLevelBlockScope: definitions inside a top-level if, for or switch
// become globals:
//
//	if y := 5; y > 0 {}
//	y // 5; Go: undefined: y
//
// Workaround: ScopeStmts (scope.go) runs each top-level compound statement
// in a function literal called on the spot. Engine: cells
// if-define-is-local, loop-var-is-local, loop-var-not-in-session.
//
// LoopVarPerIteration: a loop has one variable shared by all iterations
// (Go 1.22 gives each iteration its own):
//
//	for i := 0; i < 3; i++ { fs = append(fs, func() int { return i }) } // 3 3 3
//
// Workaround: LoopVars (loopvars.go) copies the loop variables at the top
// of each iteration when the body makes closures or takes addresses, and
// writes them back when the body assigns them. Engine: cells
// closures-per-iteration, range-closures, loop-var-written-in-body.
//
// FuncLitArgumentLiveFrame: a function literal passed straight to a
// compiled function runs on its frame's live variables rather than a
// snapshot, so it sees later iterations' values:
//
//	for i := 0; i < 3; i++ { i := i; vs = append(vs, reflect.ValueOf(func() int { return i })) } // 2 2 2
//
// The go statement rewrite (kernel/repl rewrite.go) passes literals to the
// helper's Go that way. Workaround: HoistGoLits (funclits.go) assigns the
// literal to a variable first. Engine: cell goroutines-waitgroup.
//
// DeferredLitLiveFrame: a deferred function literal in a loop runs on the
// loop's live frame and sees the last values, even of per-iteration copies:
//
//	for i := 0; i < 3; i++ { i := i; defer func() { out = append(out, i) }() } // [2 2 2]
//
// Workaround (a refusal: hoisting deadlocks yaegi's deferred calls):
// CheckDeferredLits (funclits.go), refused by kernel/repl limits.go.
// Engine: cell defers-in-func-loop (refused); TestLimitRefusals runs the
// argument-passing form.
//
// UnboundTypeSwitch: a type switch without a bound variable never matches
// an interface case:
//
//	switch v.(type) { case Shape: } // never taken; bound (x := v.(type)) it is
//
// Workaround: BindTypeSwitches (typeswitch.go) binds one. Engine:
// TestLimitRefusals, TestTypeSwitchOnMisjudgedSessionInterfaceIsRefused.
//
// SlicesClone, MapsClone: the compiler crashes (panic "nil reflect type")
// on yaegi's generic slices.Clone and maps.Clone:
//
//	s := slices.Clone([]int{1, 2})
//
// Workaround: RewriteClone (clone.go) writes them out; kernel/repl
// instantiate.go rewrites other maps.Clone calls the type checker can type,
// and limits.go refuses the rest. Engine: TestMapsCloneInAnyPosition; cells
// slices-clone-equal, maps-clone, clone-of-call.
//
// ConstantDefinitionLoop: a top-level := of an element of a compiled
// function's result fails with "constant definition loop":
//
//	subs := strings.Fields("a b c")
//	x := subs[1]
//
// Workaround: kernel/repl toplevel.go (retryTopLevel, runTypedDefine)
// evaluates the right-hand side in a closure and declares x with its type;
// VarAsDefine (toplevel.go) brings `var x = subs[1]` to that form. Engine:
// TestTopLevelDefineOfAnIndexedCompiledValue,
// TestTopLevelDefineOfAnUnnamableTypeHints.
//
// MultiValueDefineInTopLevelBlock: a multi-value := inside a top-level
// block statement fails with "undefined":
//
//	for k := 0; k < 1; k++ { n, err := strconv.Atoi("7"); _, _ = n, err } // undefined: n
//
// Workaround: ScopeStmts (scope.go) runs every top-level block statement
// inside a function literal, where the := compiles. retryTopLevel in
// kernel/repl toplevel.go also retries a failing block wrapped, when
// WrappableBlock (toplevel.go) accepts it: a fallback no known cell reaches
// since ScopeStmts runs first (disabling WrappableBlock fails no test).
// Engine: TestTopLevelBlockWithMultiValueDefine.
//
// UndefinedNameAsDefinitionLoop, IncompleteTypeAfterFailedDefine: an
// undefined name on the right of a top-level := reads "constant definition
// loop", and a later use of that name panics in the compiler ("incomplete
// type x"):
//
//	y := x + 1     // constant definition loop
//	fmt.Println(x) // CFG post-order panic: incomplete type x
//
// Workaround: clarify in kernel/repl undefined.go says "undefined: x", at
// the statement's position. The engine's type checker reports undefined
// names first, so this matters only for cells it cannot judge. Engine:
// TestUndefinedNameInTopLevelDefineReadsAsGo,
// TestUndefinedNameAfterAFailedDefineReadsAsGo (both with the checker off).
//
// RangeOverFunc, IteratorFunctions: range over a function crashes the
// compiler (panic "nil type"), and the standard library's iterator
// functions are missing:
//
//	for x := range func(yield func(int) bool) { yield(1) } {}
//	for i, v := range slices.All(xs) {} // undefined selector: slices.All
//
// Workaround: IteratorHint (iterators.go) names the limitation and what to
// write instead. Engine: TestIteratorFeaturesNameTheLimitAndTheAlternative.
//
// ReflectIndexPanic, ReflectSlicePanic, ReflectNilPointerPanic,
// ReflectNilFuncPanic: runtime errors come with reflect's panic texts:
//
//	xs := []int{1}; _ = xs[5]  // reflect: slice index out of range
//	ys := xs[1:n]              // reflect.Value.Slice: slice index out of bounds
//	var p *T; y := p.X         // reflect: call of reflect.Value.Field on zero Value
//	var f func(); f()          // reflect.Value.Call: call of nil function
//
// Workaround: GoPanic (panics.go) gives Go's runtime error; kernel/repl
// panicmsg.go adds the position and index details. Engine:
// TestCellErrorsReadAsGo, TestSliceBoundsPanicReadsAsGo; cell index-panic.
//
// CompiledRoots: every Compile appends its syntax tree to the unexported
// Interpreter.roots, read only by the debugger, so a session grows about
// 11 KB a cell. Workaround: DropRoots (roots.go), called by kernel/repl
// compile.go. Canary: TestYaegiKeepsCompiledRoots. Engine:
// TestMemoryAfterManyExecutes.
//
// # Workarounds in kernel/repl that need the session
//
// ModeFromFirstToken: yaegi parses a source as a file or as statements
// from its first token, so a cell mixing them fails:
//
//	import "fmt"
//	fmt.Println(1) // expected declaration, found fmt
//
// Workaround: splitCell (split.go) feeds runs of one kind in order. Engine:
// TestCellMixesImportsDeclarationsAndStatements.
//
// RepeatedImport: a second `import "fmt"` fails ("redeclared in this
// block"). Workaround: the import ledger of imports.go drops repeats.
// Engine: TestReimportIsAccepted.
//
// TypeRedefinitionIgnored, MethodRedefinitionIgnored: redefining a type or
// a method is silently ignored; the first definition stays:
//
//	type T struct{ X int }
//	type T struct{ X, Y int }
//	T{1, 2} // too many values in struct literal
//
// Workaround: replay.go replays the session into a fresh interpreter.
// Engine: TestRedefinedTypeAndMethodTakeEffect; cells
// redefine-type-keeps-func, redefine-method-keeps-value.
//
// InferTwoTypeParams, InferVariadicTypeParam, DefineFromInstantiatedCall,
// DefineFromGenericCall: inference of two or more type arguments goes
// wrong, that of a variadic function's fails ("undefined type for T"), and
// a top-level := of a call of a generic function fails ("not a generic
// type") or crashes the compiler ("nil reflect type"):
//
//	Map([]int{1}, func(i int) string { return "s" }) // cannot use type func(int) string as type func(int) int
//	ys := Map[int, string](xs, f)                    // not a generic type
//	Sum(1, 2, 3)                                     // undefined type for T
//	z := Id(3)                                       // panic: nil reflect type
//
// Workaround: instantiate (instantiate.go) writes the type arguments the
// type checker inferred for two or more or for a variadic function, and
// wraps a call of a session generic function among the cell's statements
// in a function literal (func() (R) { return call }()); limits.go refuses
// the calls it cannot write. Still failing: a top-level f := Map[int,
// string] ("not a generic type"); and after a top-level closure with
// parameters that calls a generic function, a later var declaration
// initialised by a generic call fails ("variable definition loop"), which
// is why f is not rewritten into such a closure. Engine: TestInferredTypeArgumentsAreWrittenOut,
// TestSessionVariableFromGenericCall,
// TestVariadicGenericCallInfersItsTypeArgument; cells map-two-params-infer,
// infer-nested, infer-session-type.
//
// PercentTOfSessionStruct, PercentTOfSessionBasic: %T prints a session
// struct's structure and a session basic type's underlying type:
//
//	fmt.Printf("%T", P{1})     // struct { A int }
//	fmt.Printf("%T", Level(1)) // int
//
// Workaround: renameCalls (rewritecalls.go) routes fmt's printers to the
// helper, whose TypeName (sessiontypes.go, fmthelper.go) names session
// structs; staticTypeArgs (instantiate.go) passes the static type of
// other operands (StaticType, sessiontypes.go); namedBasic (sessionifaces.go)
// keeps a Level variable a Level through a replay. Engine:
// TestPercentTUsesStaticTypes, TestResultShowsSessionTypeNames,
// TestNamedBasicVariableKeepsItsTypeThroughAReplay; cells percent-T,
// percent-T-in-any, named-basic-in-collections.
//
// NestedStringMethod: fmt ignores the String method of session values
// nested in a slice, map or struct:
//
//	fmt.Println([]Pt{{1}}, []Level{1, 2}) // [{1}] [1 2]; Go: [pt] [L L]
//
// Workaround: the fmt helper rebuilds such values (nested.go, statictext.go);
// staticlimits.go refuses the printers it does not route. Engine:
// TestNestedSessionBasicTypePrintsThroughItsMethod,
// TestUnfixedPrinterOfNestedBasicIsRefused; cells nested-stringers,
// named-basic-in-collections.
//
// UnexportedFieldsExported: unexported fields of session structs reach
// compiled code exported under an X prefix:
//
//	fmt.Printf("%+v", P{1, 2}) // {A:1 Xb:2}
//	json.Marshal(P{1, 2})      // {"A":1,"Xb":2}
//
// Workaround: goFields (fmthelper.go) and jsonMarshal (stdcalls.go).
// Engine: cells percent-plus-v, unexported-fields-printed, json-unexported,
// json-nested.
//
// SlicesEqual, SlicesCompare, MapsEqual, MapsCopy: yaegi's generic sources
// of these fail to compile ("undefined type for E", "... for K").
// Workaround: the helper's versions (stdcalls.go), called through
// helperCalls (rewritecalls.go). Engine: TestSlicesCompare; cells
// slices-clone-equal, maps-copy-equal, slices-compare.
//
// SlicesSort: yaegi's generic slices lacks Sort, Min, Max and friends
// ("undefined selector: slices.Sort"). Workaround: stdlib.GenericSources,
// compiled into every interpreter (kernel/repl engine.go). Engine:
// TestGenericSlicesHelpersWork; cell slices-max.
//
// ErrorsAsSessionError: errors.As panics on a session error type ("target
// must be interface or implement error"). Workaround: errorsAs
// (stdcalls.go) through helperCalls. Engine: cells errors-as-session-type,
// errors-as-miss.
//
// ValueReceiverError: calling an Error method declared on a value receiver
// panics ("reflect: Method index out of range"). Workaround (a refusal):
// checkLimits in limits.go. Engine: TestLimitRefusals; cell
// value-receiver-error (refused).
//
// TypeSwitchCompiledInterface: a type switch case naming a compiled
// interface (error, fmt.Stringer) never matches a session value.
// Workaround (a refusal): compiledInterface in limits.go. Engine:
// TestLimitRefusals; cell type-switch-error (refused).
//
// SessionInterfaceSwitch, SessionInterfaceAssert: yaegi matches a session
// interface by the methods it finds, not by method sets (&Dog{} misses an
// interface Dog's value methods implement; Cat{} matches one only *Cat
// implements), and a type assertion to a session interface crashes the
// compiler. Workaround (refusals): sessionifaces.go, from the type
// checker's view of the session. Engine:
// TestTypeSwitchOnMisjudgedSessionInterfaceIsRefused,
// TestTypeAssertionToSessionInterfaceIsRefused,
// TestLaterTypeCannotBreakAnEarlierSwitch; cells
// type-switch-session-interface, type-assert-session-interface (refused).
//
// # Not listed
//
// What the engine does around yaegi by design rather than against a
// defect: goroutines started by a cell recover their panics (rewriteGo,
// kernel/repl rewrite.go; a Go program dies too), os.Exit panics in
// yaegi's restricted mode, the trailing expression goes to the helper's
// Show (Eval returns one value of a multi-value call), output routing
// (stdio.go, streams.go), interrupts (engine.go) and completion and
// inspection, which yaegi does not offer.
package yaegifix
