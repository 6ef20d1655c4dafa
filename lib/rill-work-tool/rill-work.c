/* rill-work.c: lists, inspects and cancels the work of a work database
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The desktop's background task inspector: it opens the database of an
 * application (running or not) and reads or changes it with the library's
 * store, one transaction per change, so the scheduler of a running
 * application sees a cancel as a commit of another process (its
 * `PRAGMA data_version` check) and stops a worker running the cancelled
 * work, as for a cancel made in the application.
 */

#include "config.h"

#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "rill-work-database-private.h"

enum {
  EXIT_OK = 0,
  EXIT_USAGE = 1,      /* a bad command line */
  EXIT_DATABASE = 2,   /* no database, or one that cannot be used */
  EXIT_NOT_FOUND = 3,  /* no work has the id given */
};

/* What every command works on. */
typedef struct
{
  const char       *database_option;
  const char       *app_id_option;
  char             *path;
  RillWorkDatabase *database;
  /* A second, read-only connection for what the store has no call for:
   * the unique names of one work, and the edges of its chains. */
  sqlite3          *tables;
} Tool;

/* ---------------------------------------------------------------------- */
/* Messages */

/* @command: the command whose help to suggest, or NULL for the tool's */
static int
usage_error (const char *command,
             const char *message)
{
  g_autofree char *hint = NULL;

  if (command != NULL)
    hint = g_strdup_printf (_("Try “%s %s --help” for more information."), g_get_prgname (), command);
  else
    hint = g_strdup_printf (_("Try “%s --help” for more information."), g_get_prgname ());
  g_printerr ("%s: %s\n%s\n", g_get_prgname (), message, hint);
  return EXIT_USAGE;
}

/* The usage line of a command: its name, then what follows it. */
static GOptionContext *
command_context_new (const char *command,
                     const char *arguments,
                     const char *summary)
{
  g_autofree char *parameters = arguments != NULL ? g_strdup_printf ("%s %s", command, arguments)
                                                  : g_strdup (command);
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  return context;
}

static int
database_error (const GError *error)
{
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  return EXIT_DATABASE;
}

static int
not_found (const char *id)
{
  g_autofree char *message = g_strdup_printf (_("No work has the id “%s”"), id);

  g_printerr ("%s: %s\n", g_get_prgname (), message);
  return EXIT_NOT_FOUND;
}

/* ---------------------------------------------------------------------- */
/* Opening */

static gboolean
tool_open_path (Tool     *tool,
                GError  **error)
{
  int rc;

  /* The store creates a database that does not exist: here that would
   * hide a wrong path or application id behind an empty list. */
  if (!g_file_test (tool->path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_DATABASE,
                   _("There is no work database at “%s”"), tool->path);
      return FALSE;
    }
  if (g_file_test (tool->path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_DATABASE,
                   _("The work database “%s” is a folder"), tool->path);
      return FALSE;
    }

  tool->database = rill_work_database_open (tool->path, error);
  if (tool->database == NULL)
    return FALSE;

  rc = sqlite3_open_v2 (tool->path, &tool->tables, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_DATABASE,
                   _("The work database “%s” failed: %s"), tool->path,
                   tool->tables != NULL ? sqlite3_errmsg (tool->tables) : sqlite3_errstr (rc));
      return FALSE;
    }
  sqlite3_busy_timeout (tool->tables, 5000);
  return TRUE;
}

/* Checked once the command line is known to be good, so that a command's
 * --help needs no database: EXIT_USAGE or EXIT_DATABASE with the message
 * printed, or EXIT_OK. */
static int
tool_open (Tool *tool)
{
  g_autoptr(GError) error = NULL;

  if (tool->database_option != NULL && tool->app_id_option != NULL)
    return usage_error (NULL, _("--database and --app-id cannot be used together"));
  if (tool->database_option == NULL && tool->app_id_option == NULL)
    return usage_error (NULL, _("Give the database with --database PATH or --app-id APP_ID"));
  if (tool->app_id_option != NULL && !g_application_id_is_valid (tool->app_id_option))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a valid application id"),
                                                  tool->app_id_option);

      return usage_error (NULL, message);
    }
  /* Where rill_work_manager_new () puts the database of an application. */
  if (tool->database_option != NULL)
    tool->path = g_strdup (tool->database_option);
  else
    tool->path = g_build_filename (g_get_user_data_dir (), tool->app_id_option, "rill-work.db", NULL);

  if (!tool_open_path (tool, &error))
    return database_error (error);
  return EXIT_OK;
}

static void
tool_close (Tool *tool)
{
  g_clear_object (&tool->database);
  g_clear_pointer (&tool->tables, sqlite3_close);
  g_clear_pointer (&tool->path, g_free);
}

/* The first column of the rows of @sql, which takes @id as ?1. */
static char **
tool_query_ids (Tool        *tool,
                const char  *sql,
                const char  *id,
                GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (tool->tables, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_DATABASE,
                   _("The work database “%s” failed: %s"), tool->path, sqlite3_errmsg (tool->tables));
      return NULL;
    }
  return g_strv_builder_end (builder);
}

static char **
tool_get_unique_names (Tool        *tool,
                       const char  *id,
                       GError     **error)
{
  return tool_query_ids (tool, "SELECT name FROM work_name WHERE work_spec_id = ?1 ORDER BY name", id, error);
}

static char **
tool_get_prerequisites (Tool        *tool,
                        const char  *id,
                        GError     **error)
{
  return tool_query_ids (tool, "SELECT prerequisite_id FROM dependency WHERE work_spec_id = ?1 "
                         "ORDER BY position", id, error);
}

static char **
tool_get_dependents (Tool        *tool,
                     const char  *id,
                     GError     **error)
{
  return tool_query_ids (tool, "SELECT d.work_spec_id FROM dependency d JOIN work_spec s "
                         "ON s.id = d.work_spec_id WHERE d.prerequisite_id = ?1 ORDER BY s.rowid",
                         id, error);
}

/* ---------------------------------------------------------------------- */
/* Formatting */

/* An enum value as the documentation names it: PROCESS_LOST. */
static const char *
enum_name (GType       type,
           int         value,
           const char *prefix)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *v = g_enum_get_value (klass, value);

  if (v == NULL)
    return "INVALID";
  /* The value names are static strings of the type. */
  return g_str_has_prefix (v->value_name, prefix) ? v->value_name + strlen (prefix) : v->value_name;
}

static const char *
stop_reason_name (RillWorkStopReason reason)
{
  return enum_name (RILL_TYPE_WORK_STOP_REASON, reason, "RILL_WORK_STOP_REASON_");
}

static char *
format_time (gint64 ms)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (ms / 1000);

  if (time == NULL)
    return g_strdup_printf ("%" G_GINT64_FORMAT, ms);
  return g_date_time_format (time, "%Y-%m-%d %H:%M:%S");
}

static char *
format_next_run (RillWorkInfo *info)
{
  switch (info->state)
    {
    case RILL_WORK_STATE_ENQUEUED:
      return format_time (rill_work_info_get_next_schedule_time (info));
    case RILL_WORK_STATE_BLOCKED:
      return g_strdup (_("after its prerequisites"));
    case RILL_WORK_STATE_RUNNING:
      return g_strdup (_("running now"));
    case RILL_WORK_STATE_SUCCEEDED:
    case RILL_WORK_STATE_FAILED:
    case RILL_WORK_STATE_CANCELLED:
    default:
      return g_strdup (_("never"));
    }
}

static char *
format_duration (gint64 ms)
{
  gint64 unit_ms = ms % 3600000 == 0 ? 3600000 : ms % 60000 == 0 ? 60000 : 1;
  gint64 n = ms / unit_ms;
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, n);
  gulong plural = (gulong) MIN (n, G_MAXLONG);

  if (unit_ms == 3600000)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s hour", "%s hours", plural), number);
  if (unit_ms == 60000)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s minute", "%s minutes", plural), number);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s millisecond", "%s milliseconds", plural), number);
}

/* The display width of @text, for columns: one cell per character. */
static guint
text_width (const char *text)
{
  return (guint) g_utf8_strlen (text, -1);
}

static void
append_padded (GString    *line,
               const char *text,
               guint       width)
{
  g_string_append (line, text);
  for (guint w = text_width (text); w < width; w++)
    g_string_append_c (line, ' ');
}

/* Rows of cells (NULL-terminated arrays of the same length) as aligned
 * columns, two spaces apart; the last column is not padded. */
static void
print_table (GPtrArray *rows)
{
  guint n_columns = g_strv_length (g_ptr_array_index (rows, 0));
  g_autofree guint *widths = g_new0 (guint, n_columns);

  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns; c++)
        widths[c] = MAX (widths[c], text_width (cells[c]));
    }
  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint c = 0; c < n_columns; c++)
        {
          if (c + 1 < n_columns)
            {
              append_padded (line, cells[c], widths[c]);
              g_string_append (line, "  ");
            }
          else
            g_string_append (line, cells[c]);
        }
      g_print ("%s\n", line->str);
    }
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static void
append_json_strv (GString            *out,
                  const char * const *strv)
{
  g_string_append_c (out, '[');
  for (guint i = 0; strv[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_json_string (out, strv[i]);
    }
  g_string_append_c (out, ']');
}

static void
append_json_variant (GString  *out,
                     GVariant *value)
{
  g_autofree char *text = g_variant_print (value, TRUE);

  append_json_string (out, text);
}

/* ---------------------------------------------------------------------- */
/* list */

static gboolean
parse_state (const char     *text,
             RillWorkState  *state)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (RILL_TYPE_WORK_STATE);
  g_autofree char *nick = g_ascii_strdown (text, -1);
  GEnumValue *value = g_enum_get_value_by_nick (klass, nick);

  if (value == NULL)
    return FALSE;
  *state = value->value;
  return TRUE;
}

/* One work of `list --json`: an object on one line. */
static gboolean
append_json_info (Tool          *tool,
                  GString       *out,
                  RillWorkInfo  *info,
                  GError       **error)
{
  g_auto(GStrv) names = tool_get_unique_names (tool, info->id, error);
  gint64 next = rill_work_info_get_next_schedule_time (info);

  if (names == NULL)
    return FALSE;
  g_string_append (out, "{\"id\": ");
  append_json_string (out, info->id);
  g_string_append (out, ", \"state\": ");
  append_json_string (out, rill_work_state_to_string (info->state));
  g_string_append (out, ", \"worker_class\": ");
  append_json_string (out, info->worker_class);
  g_string_append (out, ", \"tags\": ");
  append_json_strv (out, (const char * const *) info->tags);
  g_string_append (out, ", \"unique_names\": ");
  append_json_strv (out, (const char * const *) names);
  g_string_append_printf (out, ", \"run_attempt_count\": %u", info->run_attempt_count);
  g_string_append_printf (out, ", \"generation\": %u", info->generation);
  g_string_append_printf (out, ", \"periodic\": %s", info->interval > 0 ? "true" : "false");
  if (next == G_MAXINT64)
    g_string_append (out, ", \"next_schedule_time\": null");
  else
    g_string_append_printf (out, ", \"next_schedule_time\": %" G_GINT64_FORMAT, next);
  g_string_append (out, ", \"stop_reason\": ");
  append_json_string (out, stop_reason_name (info->stop_reason));
  g_string_append (out, ", \"input\": ");
  append_json_variant (out, info->input);
  g_string_append (out, ", \"output\": ");
  append_json_variant (out, info->output);
  g_string_append (out, ", \"progress\": ");
  append_json_variant (out, info->progress);
  g_string_append_c (out, '}');
  return TRUE;
}

static int
command_list (Tool  *tool,
              int    argc,
              char **argv)
{
  g_autofree char *tag = NULL;
  g_autofree char *name = NULL;
  g_autofree char *state_text = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "tag", 't', 0, G_OPTION_ARG_STRING, &tag, N_("Only the work with this tag"), N_("TAG") },
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, N_("Only the work of this unique name"), N_("NAME") },
    { "state", 's', 0, G_OPTION_ARG_STRING, &state_text,
      N_("Only the work in this state: enqueued, running, succeeded, failed, blocked or cancelled"), N_("STATE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array, one object per work"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = command_context_new ("list", NULL,
                                                          _("Lists the work of the database, oldest first."));
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status;
  RillWorkState state = RILL_WORK_STATE_ENQUEUED;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("list", error->message);
  if (argc > 1)
    return usage_error ("list", _("“list” takes no arguments"));
  if (state_text != NULL && !parse_state (state_text, &state))
    {
      g_autofree char *message = g_strdup_printf (_("Unknown state “%s”"), state_text);

      return usage_error ("list", message);
    }

  if ((status = tool_open (tool)) != EXIT_OK)
    return status;
  if (name != NULL)
    infos = rill_work_database_get_by_name (tool->database, name, &error);
  else if (tag != NULL)
    infos = rill_work_database_get_by_tag (tool->database, tag, &error);
  else
    infos = rill_work_database_get_all (tool->database, &error);
  if (infos == NULL)
    return database_error (error);

  for (guint i = 0; i < infos->len; i++)
    {
      RillWorkInfo *info = g_ptr_array_index (infos, i);

      if (tag != NULL && !rill_work_info_has_tag (info, tag))
        continue;
      if (state_text != NULL && info->state != state)
        continue;
      g_ptr_array_add (shown, info);
    }

  if (json)
    {
      g_autoptr(GString) out = g_string_new ("[");

      for (guint i = 0; i < shown->len; i++)
        {
          g_string_append (out, i > 0 ? ",\n  " : "\n  ");
          if (!append_json_info (tool, out, g_ptr_array_index (shown, i), &error))
            return database_error (error);
        }
      g_string_append (out, shown->len > 0 ? "\n]\n" : "]\n");
      g_print ("%s", out->str);
      return EXIT_OK;
    }

  if (shown->len == 0)
    {
      g_printerr ("%s\n", _("No work matches."));
      return EXIT_OK;
    }
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
    GStrvBuilder *header = g_strv_builder_new ();

    /* Translators: the column titles of “rill-work list” */
    g_strv_builder_add_many (header, C_("column", "ID"), C_("column", "STATE"), C_("column", "ATTEMPTS"),
                             C_("column", "WORKER"), C_("column", "TAGS"), NULL);
    g_ptr_array_add (rows, g_strv_builder_end (header));
    g_strv_builder_unref (header);
    for (guint i = 0; i < shown->len; i++)
      {
        RillWorkInfo *info = g_ptr_array_index (shown, i);
        GStrvBuilder *row = g_strv_builder_new ();
        g_autofree char *attempts = g_strdup_printf ("%u", info->run_attempt_count);
        g_autofree char *tags = g_strjoinv (", ", info->tags);

        g_strv_builder_add_many (row, info->id, rill_work_state_to_string (info->state), attempts,
                                 info->worker_class, tags, NULL);
        g_ptr_array_add (rows, g_strv_builder_end (row));
        g_strv_builder_unref (row);
      }
    print_table (rows);
  }
  return EXIT_OK;
}

/* ---------------------------------------------------------------------- */
/* show */

/* Labels padded to the widest, so that translations line up too. */
typedef struct
{
  GPtrArray *labels;
  GPtrArray *values;
} Fields;

static void
fields_add (Fields     *fields,
            const char *label,
            char       *value)
{
  g_ptr_array_add (fields->labels, (gpointer) label);
  g_ptr_array_add (fields->values, value);
}

static void
fields_add_list (Fields     *fields,
                 const char *label,
                 char      **items)
{
  if (items[0] == NULL)
    fields_add (fields, label, g_strdup (_("none")));
  for (guint i = 0; items[i] != NULL; i++)
    fields_add (fields, i == 0 ? label : "", g_strdup (items[i]));
}

static void
fields_print (Fields *fields)
{
  guint width = 0;

  for (guint i = 0; i < fields->labels->len; i++)
    {
      const char *label = g_ptr_array_index (fields->labels, i);

      /* The colon follows the label. */
      width = MAX (width, text_width (label) + 1);
    }
  for (guint i = 0; i < fields->labels->len; i++)
    {
      const char *label = g_ptr_array_index (fields->labels, i);
      g_autoptr(GString) line = g_string_new (NULL);
      g_autofree char *with_colon = label[0] != '\0' ? g_strdup_printf (C_("field label", "%s:"), label)
                                                     : g_strdup ("");

      append_padded (line, with_colon, width + 2);
      g_string_append (line, g_ptr_array_index (fields->values, i));
      g_print ("%s\n", line->str);
    }
}

static int
command_show (Tool  *tool,
              int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = command_context_new ("show", _("ID"),
                                                          _("Shows everything the database keeps of one work."));
  g_autoptr(GError) error = NULL;
  int status;
  g_autoptr(RillWorkInfo) info = NULL;
  g_auto(GStrv) names = NULL, prerequisites = NULL, dependents = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  Fields fields = { labels, values };

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("show", error->message);
  if (argc != 2)
    return usage_error ("show", _("“show” takes the id of one work"));

  if ((status = tool_open (tool)) != EXIT_OK)
    return status;
  info = rill_work_database_get (tool->database, argv[1], &error);
  if (error != NULL)
    return database_error (error);
  if (info == NULL)
    return not_found (argv[1]);
  if ((names = tool_get_unique_names (tool, info->id, &error)) == NULL
      || (prerequisites = tool_get_prerequisites (tool, info->id, &error)) == NULL
      || (dependents = tool_get_dependents (tool, info->id, &error)) == NULL)
    return database_error (error);

  fields_add (&fields, _("ID"), g_strdup (info->id));
  fields_add (&fields, _("State"), g_strdup (rill_work_state_to_string (info->state)));
  fields_add (&fields, _("Worker class"), g_strdup (info->worker_class));
  fields_add_list (&fields, _("Tags"), info->tags);
  fields_add_list (&fields, _("Unique names"), names);
  fields_add (&fields, _("Run attempts"), g_strdup_printf ("%u", info->run_attempt_count));
  if (info->interval > 0)
    {
      g_autofree char *interval = format_duration (info->interval);
      g_autofree char *flex = format_duration (info->flex);

      fields_add (&fields, _("Periodic"), g_strdup_printf (_("every %s, flex %s, period %u"),
                                                           interval, flex, info->period_count + 1));
    }
  else
    fields_add (&fields, _("Periodic"), g_strdup (_("no")));
  fields_add (&fields, _("Next run"), format_next_run (info));
  fields_add (&fields, _("Stop reason"), g_strdup (stop_reason_name (info->stop_reason)));
  fields_add (&fields, _("Input"), g_variant_print (info->input, TRUE));
  fields_add (&fields, _("Output"), g_variant_print (info->output, TRUE));
  fields_add (&fields, _("Progress"), g_variant_print (info->progress, TRUE));
  fields_add (&fields, _("Constraints"), g_variant_print (info->constraints, TRUE));
  fields_add_list (&fields, _("Prerequisites"), prerequisites);
  fields_add_list (&fields, _("Dependents"), dependents);
  fields_print (&fields);
  return EXIT_OK;
}

/* ---------------------------------------------------------------------- */
/* cancel */

static int
command_cancel (Tool  *tool,
                int    argc,
                char **argv)
{
  g_autofree char *tag = NULL;
  g_autofree char *name = NULL;
  gboolean all = FALSE;
  const GOptionEntry entries[] = {
    { "tag", 't', 0, G_OPTION_ARG_STRING, &tag, N_("Cancel the work with this tag"), N_("TAG") },
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, N_("Cancel the work of this unique name"), N_("NAME") },
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, N_("Cancel all unfinished work"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = command_context_new ("cancel", _("[ID]"),
                                                          _("Cancels unfinished work, and the work that depends "
                                                            "on it. A running application sees the change "
                                                            "within seconds, and stops the workers running "
                                                            "the cancelled work."));
  g_autoptr(GPtrArray) before = NULL, after = NULL;
  g_autoptr(GHashTable) unfinished = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  int status;
  const char *id = NULL;
  guint n_cancelled = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("cancel", error->message);
  if (argc > 2)
    return usage_error ("cancel", _("“cancel” takes the id of one work"));
  if (argc == 2)
    id = argv[1];
  if ((id != NULL) + (tag != NULL) + (name != NULL) + (all != FALSE) != 1)
    return usage_error ("cancel", _("“cancel” takes exactly one of an id, --tag, --name and --all"));

  if ((status = tool_open (tool)) != EXIT_OK)
    return status;
  if (id != NULL)
    {
      g_autoptr(RillWorkInfo) info = rill_work_database_get (tool->database, id, &error);

      if (error != NULL)
        return database_error (error);
      if (info == NULL)
        return not_found (id);
    }

  /* What was unfinished before, to tell what the cancel reached: the
   * store's transaction decides, this only reports it. */
  if ((before = rill_work_database_get_all (tool->database, &error)) == NULL)
    return database_error (error);
  for (guint i = 0; i < before->len; i++)
    {
      RillWorkInfo *info = g_ptr_array_index (before, i);

      if (!rill_work_state_is_finished (info->state))
        g_hash_table_add (unfinished, info->id);
    }
  /* The clock of the library's work manager, which is the real time. */
  if (!rill_work_database_cancel (tool->database, id, tag, name, g_get_real_time () / 1000, NULL, &error))
    return database_error (error);
  if ((after = rill_work_database_get_all (tool->database, &error)) == NULL)
    return database_error (error);

  for (guint i = 0; i < after->len; i++)
    {
      RillWorkInfo *info = g_ptr_array_index (after, i);

      if (info->state == RILL_WORK_STATE_CANCELLED && g_hash_table_contains (unfinished, info->id))
        {
          g_print (_("Cancelled %s (%s)\n"), info->id, info->worker_class);
          n_cancelled++;
        }
    }
  if (n_cancelled == 0)
    g_print ("%s\n", _("Nothing to cancel: no unfinished work matches."));
  return EXIT_OK;
}

/* ---------------------------------------------------------------------- */
/* prune */

static int
command_prune (Tool  *tool,
               int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = command_context_new ("prune", NULL,
                                                          _("Deletes the finished work on which no unfinished "
                                                            "work depends, as the application’s prune does: its "
                                                            "ids are unknown afterwards."));
  g_autoptr(GError) error = NULL;
  int status;
  guint n;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("prune", error->message);
  if (argc > 1)
    return usage_error ("prune", _("“prune” takes no arguments"));

  if ((status = tool_open (tool)) != EXIT_OK)
    return status;
  n = rill_work_database_prune (tool->database, G_MAXINT64, &error);
  if (error != NULL)
    return database_error (error);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Deleted %u finished work\n", "Deleted %u finished works\n", n), n);
  return EXIT_OK;
}

/* ---------------------------------------------------------------------- */

typedef int (*CommandFunc) (Tool *tool, int argc, char **argv);

static const struct
{
  const char  *name;
  CommandFunc  func;
} commands[] = {
  { "list", command_list },
  { "show", command_show },
  { "cancel", command_cancel },
  { "prune", command_prune },
};

static char *
main_description (void)
{
  return g_strconcat (
    _("Commands:\n"
      "  list [--tag TAG] [--name NAME] [--state STATE] [--json]\n"
      "                   Lists the work, oldest first: id, state, run attempts,\n"
      "                   worker class and tags.\n"
      "  show ID          Shows one work: its state, worker class, tags, unique\n"
      "                   names, attempts, next run, stop reason, input, output,\n"
      "                   progress, prerequisites and dependents.\n"
      "  cancel ID | --tag TAG | --name NAME | --all\n"
      "                   Cancels unfinished work and what depends on it.\n"
      "  prune            Deletes the finished work nothing unfinished waits for.\n"
      "\n"
      "“rill-work COMMAND --help” describes a command’s options.\n"
      "\n"),
    _("The database is the one an application’s work manager opens:\n"
      "$XDG_DATA_HOME/APP_ID/rill-work.db for --app-id, or the file given with\n"
      "--database. It may be in use: changes are transactions, and a running\n"
      "application sees them within seconds.\n"
      "\n"),
    _("Exit status:\n"
      "  0  success\n"
      "  1  a bad command line\n"
      "  2  no database at the path, or one that cannot be read (corrupt, or\n"
      "     from a newer version of the library)\n"
      "  3  no work has the id given\n"),
    NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *database = NULL;
  g_autofree char *app_id = NULL;
  g_autofree char *description = NULL;
  const GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database, N_("The work database file"), N_("PATH") },
    { "app-id", 'a', 0, G_OPTION_ARG_STRING, &app_id,
      N_("The application whose work database to open"), N_("APP_ID") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  Tool tool = { NULL, NULL, NULL, NULL, NULL };
  int status = -1;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_set_prgname ("rill-work");

  context = g_option_context_new (_("COMMAND [ARGUMENT…]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Lists, inspects and cancels the background work of an "
                                           "application, kept in its work database."));
  description = main_description ();
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* The options of the tool come before the command, the command's own
   * after it: parsing stops at the command. */
  g_option_context_set_strict_posix (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (NULL, error->message);

  if (argc < 2)
    return usage_error (NULL, _("No command given"));
  tool.database_option = database;
  tool.app_id_option = app_id;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        status = commands[i].func (&tool, argc - 1, argv + 1);
        break;
      }
  tool_close (&tool);
  if (status < 0)
    {
      g_autofree char *message = g_strdup_printf (_("Unknown command “%s”"), argv[1]);

      return usage_error (NULL, message);
    }
  return status;
}
