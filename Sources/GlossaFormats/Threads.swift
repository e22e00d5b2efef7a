public import Dispatch
import Foundation

/// Threads of their own that run one job at a time, each with its number.
///
/// Lint's workers run on them. They used to be `DispatchQueue.concurrentPerform` on a global
/// queue; dispatch counts the thread of the async command among its pool's, busy in `wait()`
/// between batches, and for the first second and a half of a 100 MB lint with `--jobs 2` it gave
/// the batches one thread, not two, until its monitor saw the blocked thread and added one.
public final class WorkerThreads: @unchecked Sendable {
  private let condition = NSCondition()
  private let count: Int
  private var job: (body: @Sendable (Int) -> Void, group: DispatchGroup)?
  /// Counts the jobs given, so that each thread runs each job once.
  private var given = 0
  /// The threads that took the job: when all have, it is let go (with the batch it holds).
  private var taken = 0
  private var stopped = false

  /// Starts `count` threads that wait for a job.
  public init(count: Int) {
    self.count = count
    for worker in 0..<count {
      let thread = Thread { [self] in loop(worker) }
      // As a process's main thread has: the scanner's recursion is shallow, ICU's is not ours.
      thread.stackSize = 8 << 20
      thread.start()
    }
  }

  /// Runs `body(worker)` on every thread, `group` left as each returns.
  ///
  /// The job before must be finished (its group waited for).
  public func run(group: DispatchGroup, _ body: @escaping @Sendable (Int) -> Void) {
    condition.lock()
    defer { condition.unlock() }
    precondition(!stopped, "a job for stopped threads")
    for _ in 0..<count { group.enter() }
    job = (body, group)
    given += 1
    taken = 0
    condition.broadcast()
  }

  /// Ends the threads once they are done with their job.
  public func stop() {
    condition.lock()
    defer { condition.unlock() }
    stopped = true
    condition.broadcast()
  }

  private func loop(_ worker: Int) {
    var done = 0
    while true {
      condition.lock()
      while given == done && !stopped { condition.wait() }
      if given == done {
        condition.unlock()
        return
      }
      done = given
      guard let job else { preconditionFailure("a job given and none there") }
      taken += 1
      if taken == count { self.job = nil }
      condition.unlock()
      job.body(worker)
      job.group.leave()
    }
  }
}

/// Chunks from one thread to another, in order; at most ``waiting`` wait, so that the elements
/// in flight stay few.
final class ChunkPipe<Element>: @unchecked Sendable {
  let waiting: Int
  private let condition = NSCondition()
  private var chunks: [[Element]] = []
  private var closed = false
  private var abandoned = false

  init(waiting: Int = 8) { self.waiting = waiting }

  /// Hands over a chunk, waiting while the taker is behind; drops it once the pipe is
  /// abandoned (the taker failed, or gave up).
  func put(_ chunk: [Element]) {
    guard !chunk.isEmpty else { return }
    condition.lock()
    defer { condition.unlock() }
    while chunks.count >= waiting && !abandoned { condition.wait() }
    guard !abandoned else { return }
    chunks.append(chunk)
    condition.broadcast()
  }

  /// No more chunks.
  func close() {
    condition.lock()
    defer { condition.unlock() }
    closed = true
    condition.broadcast()
  }

  /// The giver failed: the taker stops.
  func abandon() {
    condition.lock()
    defer { condition.unlock() }
    abandoned = true
    chunks.removeAll()
    condition.broadcast()
  }

  /// The next chunk; `nil` when the pipe is closed and empty, or abandoned.
  func take() -> [Element]? {
    condition.lock()
    defer { condition.unlock() }
    while chunks.isEmpty && !closed && !abandoned { condition.wait() }
    guard !abandoned, !chunks.isEmpty else { return nil }
    condition.broadcast()
    return chunks.removeFirst()
  }
}
