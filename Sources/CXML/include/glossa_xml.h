#ifndef GLOSSA_XML_H
#define GLOSSA_XML_H

/// Glossa's only door to libxml2's streaming (SAX2, push) parser. Like CICU, this public header
/// includes no libxml2 header: Swift sees these few functions only.
///
/// The parser never loads a DTD or an external entity, never substitutes an entity other than
/// the five predefined ones and character references, and stops at the first error (no
/// recovery). A document that declares an entity is stopped when the declaration is read, with
/// GLOSSA_XML_ENTITY_DECLARED.

/// The error code when the document declares an entity.
#define GLOSSA_XML_ENTITY_DECLARED 100000

/// What the parser calls; `context` is handed back to each function. Names and texts are UTF-8;
/// `line` is the line the parser is at.
typedef struct glossa_xml_callbacks {
  void *context;
  /// An element starts. `localname` and `prefix` (NULL without one) end with NUL.
  /// `attributes` holds five pointers per attribute, as libxml2 gives them: the local name, the
  /// prefix (or NULL), the namespace URI (or NULL), the first byte of the value and the byte
  /// after it (values do not end with NUL; in them, a `&` is written `&#38;`).
  void (*start)(void *context, const char *localname, const char *prefix, int attributeCount,
                const char *const *attributes, long line);
  /// An element ends.
  void (*end)(void *context, const char *localname, const char *prefix, long line);
  /// Text (CDATA sections included), in one or more pieces.
  void (*text)(void *context, const char *bytes, int length, long line);
} glossa_xml_callbacks;

typedef struct glossa_xml_parser glossa_xml_parser;

/// A new parser for the document `name` (used in libxml2's own messages only); NULL when out of
/// memory.
glossa_xml_parser *glossa_xml_create(const glossa_xml_callbacks *callbacks, const char *name);

/// Parses the next `length` bytes; `last` is nonzero for the last piece (it may be empty).
/// Returns 0, or the code of the first error (libxml2's `xmlParserErrors`, or
/// GLOSSA_XML_ENTITY_DECLARED); after an error nothing more is parsed.
int glossa_xml_feed(glossa_xml_parser *parser, const char *bytes, int length, int last);

/// The line and column of the first error, or where the parser is when there is none.
long glossa_xml_error_line(const glossa_xml_parser *parser);
long glossa_xml_error_column(const glossa_xml_parser *parser);

/// The column the parser is at.
long glossa_xml_column(const glossa_xml_parser *parser);

/// Stops the parser from a callback: no more callbacks come.
void glossa_xml_stop(glossa_xml_parser *parser);

void glossa_xml_free(glossa_xml_parser *parser);

#endif
