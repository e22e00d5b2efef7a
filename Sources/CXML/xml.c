#include "glossa_xml.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct glossa_xml_parser {
  xmlParserCtxtPtr context;
  glossa_xml_callbacks callbacks;
  /// The first error's code, line and column (0 while there is none).
  int error;
  long errorLine;
  long errorColumn;
  /// Stopped from a callback.
  int stopped;
};

static long current_line(const struct glossa_xml_parser *parser) {
  xmlParserCtxtPtr context = parser->context;
  return context != NULL && context->input != NULL ? (long)context->input->line : 0;
}

static long current_column(const struct glossa_xml_parser *parser) {
  xmlParserCtxtPtr context = parser->context;
  return context != NULL && context->input != NULL ? (long)context->input->col : 0;
}

static int quiet(const struct glossa_xml_parser *parser) {
  return parser->error != 0 || parser->stopped;
}

static void record(struct glossa_xml_parser *parser, int code, long line, long column) {
  if (parser->error != 0) return;
  parser->error = code;
  parser->errorLine = line > 0 ? line : current_line(parser);
  parser->errorColumn = column > 0 ? column : current_column(parser);
}

static void on_start(void *data, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri, int namespaceCount, const xmlChar **namespaces,
                     int attributeCount, int defaultedCount, const xmlChar **attributes) {
  (void)uri;
  (void)namespaceCount;
  (void)namespaces;
  (void)defaultedCount;
  struct glossa_xml_parser *parser = data;
  if (quiet(parser)) return;
  parser->callbacks.start(parser->callbacks.context, (const char *)localname,
                          (const char *)prefix, attributeCount,
                          (const char *const *)attributes, current_line(parser));
}

static void on_end(void *data, const xmlChar *localname, const xmlChar *prefix,
                   const xmlChar *uri) {
  (void)uri;
  struct glossa_xml_parser *parser = data;
  if (quiet(parser)) return;
  parser->callbacks.end(parser->callbacks.context, (const char *)localname, (const char *)prefix,
                        current_line(parser));
}

static void on_text(void *data, const xmlChar *bytes, int length) {
  struct glossa_xml_parser *parser = data;
  if (quiet(parser)) return;
  parser->callbacks.text(parser->callbacks.context, (const char *)bytes, length,
                         current_line(parser));
}

/// Any entity declaration stops the parser: Glossa expands none.
static void on_entity_declaration(void *data, const xmlChar *name, int type,
                                  const xmlChar *publicID, const xmlChar *systemID,
                                  xmlChar *content) {
  (void)name;
  (void)type;
  (void)publicID;
  (void)systemID;
  (void)content;
  struct glossa_xml_parser *parser = data;
  record(parser, GLOSSA_XML_ENTITY_DECLARED, 0, 0);
  xmlStopParser(parser->context);
}

/// Only the predefined entities (`&amp;` and the like) are known.
static xmlEntityPtr on_entity(void *data, const xmlChar *name) {
  (void)data;
  return xmlGetPredefinedEntity(name);
}

/// Errors are kept, never printed; warnings are left aside.
static void on_error(void *data, xmlErrorPtr error) {
  struct glossa_xml_parser *parser = data;
  if (error == NULL || error->level < XML_ERR_ERROR) return;
  record(parser, error->code, error->line, error->int2);
}

static pthread_once_t initialized = PTHREAD_ONCE_INIT;

static void initialize(void) { xmlInitParser(); }

glossa_xml_parser *glossa_xml_create(const glossa_xml_callbacks *callbacks, const char *name) {
  pthread_once(&initialized, initialize);
  struct glossa_xml_parser *parser = calloc(1, sizeof *parser);
  if (parser == NULL) return NULL;
  parser->callbacks = *callbacks;
  xmlSAXHandler handler;
  memset(&handler, 0, sizeof handler);
  handler.initialized = XML_SAX2_MAGIC;
  handler.startElementNs = on_start;
  handler.endElementNs = on_end;
  handler.characters = on_text;
  handler.ignorableWhitespace = on_text;
  handler.cdataBlock = on_text;
  handler.entityDecl = on_entity_declaration;
  handler.getEntity = on_entity;
  handler.serror = on_error;
  // No internal or external subset handler, no entity resolver: no DTD is built or loaded.
  parser->context = xmlCreatePushParserCtxt(&handler, parser, NULL, 0, name);
  if (parser->context == NULL) {
    free(parser);
    return NULL;
  }
  // No entity substitution (XML_PARSE_NOENT), no DTD loading, no network, no recovery.
  xmlCtxtUseOptions(parser->context, XML_PARSE_NONET | XML_PARSE_NOWARNING);
  return parser;
}

int glossa_xml_feed(glossa_xml_parser *parser, const char *bytes, int length, int last) {
  if (parser->error != 0) return parser->error;
  if (parser->stopped) return 0;
  int code = xmlParseChunk(parser->context, bytes, length, last ? 1 : 0);
  if (code != 0 && code != XML_ERR_USER_STOP) record(parser, code, 0, 0);
  return parser->error;
}

long glossa_xml_error_line(const glossa_xml_parser *parser) {
  return parser->error != 0 ? parser->errorLine : current_line(parser);
}

long glossa_xml_error_column(const glossa_xml_parser *parser) {
  return parser->error != 0 ? parser->errorColumn : current_column(parser);
}

long glossa_xml_column(const glossa_xml_parser *parser) { return current_column(parser); }

void glossa_xml_stop(glossa_xml_parser *parser) {
  parser->stopped = 1;
  xmlStopParser(parser->context);
}

void glossa_xml_free(glossa_xml_parser *parser) {
  if (parser == NULL) return;
  if (parser->context != NULL) xmlFreeParserCtxt(parser->context);
  free(parser);
}
