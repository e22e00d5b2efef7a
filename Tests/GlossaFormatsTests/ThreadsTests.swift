import Dispatch
import Foundation
import Testing

@testable import GlossaFormats

/// The threads that lint files and the pipe that feeds the glossary's compiler.
@Suite struct ThreadsTests {
  /// An object whose end is seen.
  final class Watched: @unchecked Sendable {
    let ended: DispatchSemaphore
    init(_ ended: DispatchSemaphore) { self.ended = ended }
    deinit { ended.signal() }
  }

  /// Each job runs once on every thread, with each thread's number; once all have taken it, the
  /// job (and what it holds: a linted batch) is let go before the next comes; stopped threads
  /// end.
  @Test func jobsRunOnEveryThreadAndAreLetGo() {
    let threads = WorkerThreads(count: 3)
    let lock = NSLock()
    nonisolated(unsafe) var runs: [Int] = []
    for job in 0..<50 {
      let ended = DispatchSemaphore(value: 0)
      let done = DispatchGroup()
      do {
        let held = Watched(ended)
        threads.run(group: done) { worker in
          withExtendedLifetime(held) {
            lock.lock()
            runs.append(job * 10 + worker)
            lock.unlock()
          }
        }
      }
      done.wait()
      // Without the job let go, what it holds would live until the next job.
      #expect(ended.wait(timeout: .now() + 5) == .success, "job \(job)")
    }
    #expect(runs.sorted() == (0..<50).flatMap { job in (0..<3).map { job * 10 + $0 } })
    threads.stop()
  }

  /// Chunks come out in the order they went in, however many wait, and a giver blocked on a
  /// full pipe goes on once the taker abandons it.
  @Test func chunksKeepTheirOrder() {
    let pipe = ChunkPipe<Int>(waiting: 5)
    let given = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
      for chunk in 0..<200 { pipe.put(Array(chunk * 3..<(chunk * 3 + 3))) }
      pipe.close()
      given.signal()
    }
    // Let chunks pile up before taking any.
    Thread.sleep(forTimeInterval: 0.05)
    var taken: [Int] = []
    while let chunk = pipe.take() { taken += chunk }
    given.wait()
    #expect(taken == Array(0..<600))

    let stuck = ChunkPipe<Int>(waiting: 1)
    let ended = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
      for chunk in 0..<10 { stuck.put([chunk]) }
      ended.signal()
    }
    Thread.sleep(forTimeInterval: 0.05)
    stuck.abandon()
    #expect(ended.wait(timeout: .now() + 5) == .success)
    #expect(stuck.take() == nil)
  }
}
