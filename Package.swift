// swift-tools-version:6.1
import PackageDescription

let strictSwift: [SwiftSetting] = [
  .enableUpcomingFeature("MemberImportVisibility"),
  .enableUpcomingFeature("InternalImportsByDefault"),
]

/// The text and matching layers are optimized in debug builds too: they run over every byte of
/// every article, and the tests feed them hundreds of megabytes.
let hotPath: [SwiftSetting] = strictSwift + [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
  name: "Glossa",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "glossa", targets: ["glossa"]),
    .library(name: "GlossaKit", targets: ["GlossaKit"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
  ],
  targets: [
    // The only door to system ICU. Its public header includes <stdint.h> only, so
    // Swift never sees <unicode/*.h> (which clashes with Foundation's _FoundationICU).
    .target(
      name: "CICU",
      linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc")]
    ),
    // The only door to libxml2 (streaming XML for TMX, TBX and XLIFF). Its public header
    // includes no libxml2 header; the parser's safety settings are fixed in its C file.
    .target(
      name: "CXML",
      cSettings: [.unsafeFlags(["-I/usr/include/libxml2"])],
      linkerSettings: [.linkedLibrary("xml2")]
    ),
    // glibc's allocator settings (see `glossa tm import`), huge pages for a large glossary's
    // tables (see `glossa lint`), and SQLite's memory statistics turned off (Debian's
    // libsqlite3, which GRDB links too).
    .target(name: "CMalloc", linkerSettings: [.linkedLibrary("sqlite3")]),
    .target(name: "GlossaText", dependencies: ["CICU"], swiftSettings: hotPath),
    .target(name: "GlossaKit", dependencies: ["GlossaText"], swiftSettings: hotPath),
    .target(
      name: "GlossaFormats",
      dependencies: [
        "CXML", "GlossaKit", "GlossaText", .product(name: "Yams", package: "Yams"),
      ],
      swiftSettings: strictSwift),
    .target(
      name: "GlossaMemory",
      dependencies: [
        "GlossaKit", "GlossaText", .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
      ],
      swiftSettings: hotPath),
    .executableTarget(
      name: "glossa",
      dependencies: [
        "GlossaKit", "GlossaFormats", "GlossaText", "GlossaMemory", "CMalloc",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: [.enableUpcomingFeature("MemberImportVisibility")]
    ),
    // libFuzzer entry point for every parser and for normalize-then-match (scripts/fuzz.sh).
    .executableTarget(
      name: "glossa-fuzz",
      dependencies: ["GlossaKit", "GlossaFormats", "GlossaText", "GlossaMemory"],
      swiftSettings: [.enableUpcomingFeature("MemberImportVisibility")]
    ),
    .target(
      name: "GlossaTestSupport",
      dependencies: ["GlossaKit", "GlossaText"],
      path: "Tests/GlossaTestSupport",
      swiftSettings: strictSwift
    ),
    .testTarget(
      name: "GlossaTextTests",
      dependencies: [
        "GlossaText", "GlossaTestSupport",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      swiftSettings: strictSwift
    ),
    .testTarget(
      name: "GlossaKitTests",
      dependencies: [
        "GlossaKit", "GlossaText", "GlossaFormats", "GlossaTestSupport",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      swiftSettings: strictSwift
    ),
    .testTarget(
      name: "GlossaFormatsTests",
      dependencies: [
        "GlossaFormats", "GlossaKit", "GlossaText", "GlossaTestSupport",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      exclude: ["Golden"],
      swiftSettings: strictSwift
    ),
    .testTarget(
      name: "GlossaMemoryTests",
      dependencies: [
        "GlossaMemory", "GlossaKit", "GlossaText", "GlossaFormats", "GlossaTestSupport",
        .product(name: "PropertyBased", package: "swift-property-based"),
        .product(name: "GRDB", package: "GRDB.swift"),
      ],
      swiftSettings: strictSwift
    ),
    .testTarget(
      name: "GlossaCLITests",
      dependencies: ["GlossaTestSupport"],
      exclude: ["Golden"],
      swiftSettings: strictSwift
    ),
  ],
  swiftLanguageModes: [.v6]
)
