// The fuzzing entry point for libFuzzer. Built by scripts/fuzz.sh with
// `-sanitize=fuzzer,address -parse-as-library`, libFuzzer supplies `main` and calls
// `LLVMFuzzerTestOneInput` with each input; GLOSSA_FUZZ_TARGET chooses the code under test.
// In an ordinary build this file has no statements, so the program does nothing.

import Foundation
import GlossaFormats
import GlossaKit
import GlossaMemory
import GlossaText

/// Runs the chosen target on one input.
///
/// A crash, a failed invariant (a trap) or a sanitizer report is what the fuzzer looks for;
/// thrown errors are the expected answer to bad input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
  let bytes = start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
  FuzzTarget.current.run(bytes)
  return 0
}
