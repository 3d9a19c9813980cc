"""Debian's jupyter_kernel_test (0.4.5) against the specstress kernel.

Usage: /usr/bin/python3 jupyter_conformance.py CLASS
  CLASS is GoKernelTests (the real kernel, kernelspec "specstress" or
  $SPECSTRESS_KERNEL_NAME) or FakeEngineTests (the protocol server over the
  Go test suite's fake engine).

All twelve tests of the suite must run and pass: a skip is a failure here,
so a sample left empty cannot hide a gap.
"""
import os
import sys
import unittest

import jupyter_kernel_test as jkt


class GoKernelTests(jkt.KernelTests):
    kernel_name = os.environ.get("SPECSTRESS_KERNEL_NAME", "specstress")
    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'fmt.Println("hello, world")'
    code_stderr = 'fmt.Fprintln(os.Stderr, "oops")'

    completion_samples = [
        {"text": "fmt.Sprin", "matches": {"Sprint", "Sprintf", "Sprintln"}},
        {"text": "strings.ToUpp", "matches": {"ToUpper", "ToUpperSpecial"}},
    ]
    complete_code_samples = ['fmt.Println("hi")', "x := 1", "func f() int { return 1 }"]
    incomplete_code_samples = ["func f() {", "for i := 0; i < 3; i++ {", 'fmt.Println("a",']
    invalid_code_samples = ["x := )", "}"]

    code_page_something = "fmt.Println?"
    code_generate_error = 'panic("boom")'
    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": 'strings.Repeat("ab", 2)', "result": '"abab"'},
    ]
    code_display_data = [
        {"code": 'display.Markdown("**hi**")', "mime": "text/markdown"},
        {"code": 'display.HTML("<b>hi</b>")', "mime": "text/html"},
    ]
    code_history_pattern = "1 + ?"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "fmt.Println"
    code_clear_output = "display.ClearOutput(false)"


class FakeEngineTests(jkt.KernelTests):
    kernel_name = os.environ.get("SPECSTRESS_KERNEL_NAME", "specstress-fake")
    language_name = "fake"
    file_extension = ".fake"

    code_hello_world = "print hello, world"
    code_stderr = "eprint oops"
    completion_samples = [{"text": "pri", "matches": {"print"}}, {"text": "print x\ncl", "matches": {"clear"}}]
    complete_code_samples = ["print a", "value 1\nprint b"]
    incomplete_code_samples = ["print a \\"]
    invalid_code_samples = ["bogus"]
    code_page_something = "sleep?"
    code_generate_error = "fail on purpose"
    code_execute_result = [{"code": "value 6", "result": "6"}, {"code": "print x\nvalue 7", "result": "7"}]
    code_display_data = [{"code": "display text/markdown **hi**", "mime": "text/markdown"}]
    code_history_pattern = "value ?"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "print"
    code_clear_output = "print a\nclear"


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in ("GoKernelTests", "FakeEngineTests"):
        print(__doc__, file=sys.stderr)
        return 2
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(globals()[sys.argv[1]])
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    problems = []
    if result.testsRun != 12:
        problems.append("ran %d tests, want 12" % result.testsRun)
    if result.skipped:
        problems.append("skipped: %s" % [(str(t), why) for t, why in result.skipped])
    if not result.wasSuccessful():
        problems.append("%d failures, %d errors" % (len(result.failures), len(result.errors)))
    if problems:
        print("CONFORMANCE FAILED: " + "; ".join(problems), file=sys.stderr)
        return 1
    print("CONFORMANCE OK: 12 of 12 jupyter_kernel_test tests passed, none skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
