// The fuzzing entry point. scripts/fuzz.sh builds this target with
// `-sanitize=fuzzer,address -D GLOSSA_FUZZING`: `main` then hands control to libFuzzer's driver,
// which calls `fuzzOneInput` with each input; GLOSSA_FUZZ_TARGET chooses the code under test.
// In an ordinary build the program only says how to fuzz.

import Foundation

/// Runs the chosen target on one input.
///
/// A crash, a failed invariant (a trap) or a sanitizer report is what the fuzzer looks for;
/// thrown errors are the expected answer to bad input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
  FuzzTarget.current.run(bytes)
  return 0
}

#if GLOSSA_FUZZING
/// libFuzzer's driver (LLVM 11 and later).
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
#endif

@main
enum FuzzMain {
  static func main() {
    #if GLOSSA_FUZZING
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(runDriver(&argc, &argv) { fuzzOneInput($0, $1) })
    #else
    FileHandle.standardError.write(
      Data("glossa-fuzz: build and run it with scripts/fuzz.sh SECONDS [TARGET...]\n".utf8))
    exit(2)
    #endif
  }
}
