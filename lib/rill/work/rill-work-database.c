/* rill-work-database.c: the SQLite store of background work
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One connection, used under one lock from whichever thread needs it. The
 * database is in WAL mode with synchronous=NORMAL: a commit survives the
 * process being killed at any moment (the WAL is on disk before the commit
 * returns), and only a power cut may lose the last commits. Every state
 * change is one transaction, so what another process (or this one after a
 * crash) reads is always a state WorkManager could be in.
 */

#include "config.h"

#include <errno.h>
#include <sqlite3.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "rill-work-database-private.h"
#include "rill-work-request-private.h"

struct _RillWorkDatabase
{
  GObject                 parent_instance;

  GMutex                  lock;
  sqlite3                *db;
  char                   *path;
  GHashTable             *statements;   /* SQL -> sqlite3_stmt */
  gint64                  data_version;
  RillWorkInvalidateFunc  invalidate;
  gpointer                invalidate_data;
};

G_DEFINE_FINAL_TYPE (RillWorkDatabase, rill_work_database, G_TYPE_OBJECT)

/* Each entry upgrades the schema from its index to the next version. */
static const char * const migrations[] = {
  /* 0 -> 1 */
  "CREATE TABLE work_spec ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  state INTEGER NOT NULL,"
  "  worker_class TEXT NOT NULL,"
  "  input BLOB NOT NULL,"
  "  output BLOB NOT NULL,"
  "  progress BLOB NOT NULL,"
  "  constraints BLOB NOT NULL,"
  "  initial_delay INTEGER NOT NULL,"
  "  interval INTEGER NOT NULL,"
  "  flex INTEGER NOT NULL,"
  "  run_attempt_count INTEGER NOT NULL,"
  "  backoff_policy INTEGER NOT NULL,"
  "  backoff_delay INTEGER NOT NULL,"
  "  last_enqueue_time INTEGER NOT NULL,"
  "  next_run_at INTEGER NOT NULL,"
  "  period_count INTEGER NOT NULL,"
  "  generation INTEGER NOT NULL,"
  "  stop_reason INTEGER NOT NULL,"
  "  input_merger INTEGER NOT NULL,"
  "  finished_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX work_spec_state ON work_spec (state, next_run_at);"
  "CREATE TABLE work_tag ("
  "  tag TEXT NOT NULL,"
  "  work_spec_id TEXT NOT NULL REFERENCES work_spec (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  PRIMARY KEY (tag, work_spec_id)"
  ");"
  "CREATE INDEX work_tag_id ON work_tag (work_spec_id);"
  "CREATE TABLE work_name ("
  "  name TEXT NOT NULL,"
  "  work_spec_id TEXT NOT NULL REFERENCES work_spec (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (name, work_spec_id)"
  ");"
  "CREATE INDEX work_name_id ON work_name (work_spec_id);"
  "CREATE TABLE dependency ("
  "  work_spec_id TEXT NOT NULL REFERENCES work_spec (id) ON DELETE CASCADE,"
  "  prerequisite_id TEXT NOT NULL REFERENCES work_spec (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  PRIMARY KEY (work_spec_id, prerequisite_id)"
  ");"
  "CREATE INDEX dependency_prerequisite ON dependency (prerequisite_id);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == RILL_WORK_DATABASE_VERSION);

#define SPEC_COLUMNS \
  "id, state, worker_class, input, output, progress, constraints, initial_delay, interval, flex, " \
  "run_attempt_count, backoff_policy, backoff_delay, last_enqueue_time, next_run_at, period_count, " \
  "generation, stop_reason, input_merger, finished_at"

/* ENQUEUED, RUNNING, BLOCKED: the values of RillWorkState, which the
 * database stores and which never change. */
#define UNFINISHED "(0, 1, 4)"

/* ---------------------------------------------------------------------- */

static gboolean
set_sqlite_error (RillWorkDatabase  *self,
                  int                rc,
                  GError           **error)
{
  const char *message = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  if (rc == SQLITE_READONLY)
    g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_DATABASE,
                 _("The work database “%s” is read-only: %s"), self->path, message);
  else if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
    g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_DATABASE,
                 _("The work database “%s” is corrupt: %s"), self->path, message);
  else
    g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_DATABASE,
                 _("The work database “%s” failed: %s"), self->path, message);
  return FALSE;
}

/* With the lock: a cached statement, reset. */
static sqlite3_stmt *
prepare (RillWorkDatabase  *self,
         const char        *sql,
         GError           **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

/* Runs a statement that returns no rows. */
static gboolean
step_done (RillWorkDatabase  *self,
           sqlite3_stmt      *stmt,
           GError           **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error);
  return TRUE;
}

static gboolean
exec (RillWorkDatabase  *self,
      const char        *sql,
      GError           **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_sqlite_error (self, rc, error);
  return TRUE;
}

static gboolean
begin (RillWorkDatabase  *self,
       GError           **error)
{
  sqlite3_stmt *stmt = prepare (self, "BEGIN IMMEDIATE", error);

  return stmt != NULL && step_done (self, stmt, error);
}

/* Commits, or rolls back when @ok is FALSE. Releases the lock and tells
 * the tracker afterwards. */
static gboolean
end (RillWorkDatabase  *self,
     gboolean           ok,
     RillWorkTables     tables,
     GError           **error)
{
  if (ok)
    {
      sqlite3_stmt *stmt = prepare (self, "COMMIT", error);

      ok = stmt != NULL && step_done (self, stmt, error);
    }
  if (!ok)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_mutex_unlock (&self->lock);

  if (ok && tables != 0 && self->invalidate != NULL)
    self->invalidate (tables, self->invalidate_data);
  return ok;
}

static void
bind_variant (sqlite3_stmt *stmt,
              int           index,
              GVariant     *value)
{
  g_autoptr(GVariant) normal = g_variant_get_normal_form (value);
  gsize size = g_variant_get_size (normal);

  /* An empty dictionary serializes to no bytes, and may have no data
   * pointer, which SQLite would store as NULL. */
  if (size == 0)
    sqlite3_bind_zeroblob (stmt, index, 0);
  else
    sqlite3_bind_blob (stmt, index, g_variant_get_data (normal), (int) size, SQLITE_TRANSIENT);
}

static GVariant *
column_variant (sqlite3_stmt *stmt,
                int           index)
{
  int size = sqlite3_column_bytes (stmt, index);
  gpointer copy = g_memdup2 (sqlite3_column_blob (stmt, index), size);

  /* Untrusted: a damaged blob gives a valid (default) value, never a crash. */
  return g_variant_ref_sink (g_variant_new_from_data (G_VARIANT_TYPE_VARDICT, copy, size,
                                                      FALSE, g_free, copy));
}

static char **
load_tags (RillWorkDatabase *self,
           const char       *id)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT tag FROM work_tag WHERE work_spec_id = ?1 ORDER BY position", NULL);
  GPtrArray *tags = g_ptr_array_new ();

  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (tags, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_reset (stmt);
    }
  g_ptr_array_add (tags, NULL);
  return (char **) g_ptr_array_free (tags, FALSE);
}

static RillWorkInfo *
row_to_info (sqlite3_stmt *stmt)
{
  RillWorkInfo *info = rill_work_info_new ();

  info->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  info->state = sqlite3_column_int (stmt, 1);
  info->worker_class = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  info->input = column_variant (stmt, 3);
  info->output = column_variant (stmt, 4);
  info->progress = column_variant (stmt, 5);
  info->constraints = column_variant (stmt, 6);
  info->initial_delay = sqlite3_column_int64 (stmt, 7);
  info->interval = sqlite3_column_int64 (stmt, 8);
  info->flex = sqlite3_column_int64 (stmt, 9);
  info->run_attempt_count = sqlite3_column_int (stmt, 10);
  info->backoff_policy = sqlite3_column_int (stmt, 11);
  info->backoff_delay = sqlite3_column_int64 (stmt, 12);
  info->last_enqueue_time = sqlite3_column_int64 (stmt, 13);
  info->next_run_at = sqlite3_column_int64 (stmt, 14);
  info->period_count = sqlite3_column_int (stmt, 15);
  info->generation = sqlite3_column_int (stmt, 16);
  info->stop_reason = sqlite3_column_int (stmt, 17);
  info->input_merger = sqlite3_column_int (stmt, 18);
  info->finished_at = sqlite3_column_int64 (stmt, 19);
  return info;
}

/* Runs a query returning spec rows; @bind binds its parameters. */
static GPtrArray *
query_infos (RillWorkDatabase  *self,
             sqlite3_stmt      *stmt,
             GError           **error)
{
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) rill_work_info_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (infos, row_to_info (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }
  for (guint i = 0; i < infos->len; i++)
    {
      RillWorkInfo *info = g_ptr_array_index (infos, i);

      info->tags = load_tags (self, info->id);
    }
  return g_steal_pointer (&infos);
}

/* ---------------------------------------------------------------------- */
/* Opening */

static gboolean
read_version (RillWorkDatabase  *self,
              int               *version,
              GError           **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (self, rc, error);
  rc = sqlite3_step (stmt);
  *version = rc == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : -1;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return set_sqlite_error (self, rc, error);
  return TRUE;
}

static gboolean
migrate (RillWorkDatabase  *self,
         GError           **error)
{
  for (;;)
    {
      g_autofree char *set_version = NULL;
      int version;

      /* The version is read under the write lock: another process opening
       * the same new file at the same moment upgrades it once, the other
       * sees the result. One transaction per step: a kill in the middle
       * leaves the previous version, which the next start upgrades. */
      if (!exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!read_version (self, &version, error))
        goto fail;
      if (version > RILL_WORK_DATABASE_VERSION)
        {
          g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_DATABASE,
                       _("The work database “%s” has version %d, newer than this library’s %d"),
                       self->path, version, RILL_WORK_DATABASE_VERSION);
          goto fail;
        }
      if (version == RILL_WORK_DATABASE_VERSION)
        return exec (self, "COMMIT", error);

      set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      if (!exec (self, migrations[version], error) || !exec (self, set_version, error))
        goto fail;
      if (!exec (self, "COMMIT", error))
        return FALSE;
    }

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
rill_work_database_finalize (GObject *object)
{
  RillWorkDatabase *self = RILL_WORK_DATABASE (object);

  g_hash_table_unref (self->statements);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self->path);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rill_work_database_parent_class)->finalize (object);
}

static void
rill_work_database_class_init (RillWorkDatabaseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rill_work_database_finalize;
}

static void
rill_work_database_init (RillWorkDatabase *self)
{
  g_mutex_init (&self->lock);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);
}

RillWorkDatabase *
rill_work_database_open (const char  *path,
                         GError     **error)
{
  g_autoptr(RillWorkDatabase) self = g_object_new (RILL_TYPE_WORK_DATABASE, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  sqlite3_stmt *stmt = NULL;
  int rc;

  self->path = g_strdup (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_DATABASE,
                   _("Cannot create the folder of the work database “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }
  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      g_set_error (error, RILL_WORK_ERROR, RILL_WORK_ERROR_DATABASE,
                   _("The work database “%s” is read-only: work cannot be stored"), path);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);

  /* A file that is not a database fails here, not later. Switching a new
   * file to WAL needs it to itself, and SQLite does not wait for that: a
   * second process opening the same new file retries for a while. */
  for (guint attempt = 0;; attempt++)
    {
      rc = sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        {
          rc = sqlite3_step (stmt);
          if (rc == SQLITE_ROW && g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") != 0)
            rc = SQLITE_READONLY;
          sqlite3_finalize (stmt);
        }
      if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || attempt >= 500)
        break;
      g_usleep (10000);
    }
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }
  if (!exec (self, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;", error)
      || !migrate (self, error))
    return NULL;

  rill_work_database_changed_elsewhere (self);
  return g_steal_pointer (&self);
}

const char *
rill_work_database_get_path (RillWorkDatabase *self)
{
  return self->path;
}

void
rill_work_database_set_invalidate_func (RillWorkDatabase       *self,
                                        RillWorkInvalidateFunc  func,
                                        gpointer                user_data)
{
  self->invalidate = func;
  self->invalidate_data = user_data;
}

gboolean
rill_work_database_changed_elsewhere (RillWorkDatabase *self)
{
  sqlite3_stmt *stmt;
  gboolean changed = FALSE;

  g_mutex_lock (&self->lock);
  /* data_version changes only with commits of other connections. */
  stmt = prepare (self, "PRAGMA data_version", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 version = sqlite3_column_int64 (stmt, 0);

      changed = version != self->data_version;
      self->data_version = version;
    }
  if (stmt != NULL)
    sqlite3_reset (stmt);
  g_mutex_unlock (&self->lock);
  return changed;
}

/* ---------------------------------------------------------------------- */
/* Writing rows */

static gboolean
insert_rows (RillWorkDatabase  *self,
             GPtrArray         *infos,
             GArray            *dependencies,
             const char        *unique_name,
             GError           **error)
{
  for (guint i = 0; i < infos->len; i++)
    {
      RillWorkInfo *info = g_ptr_array_index (infos, i);
      sqlite3_stmt *stmt = prepare (self,
        "INSERT INTO work_spec (" SPEC_COLUMNS ") VALUES "
        "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, info->id, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, info->state);
      sqlite3_bind_text (stmt, 3, info->worker_class, -1, SQLITE_STATIC);
      bind_variant (stmt, 4, info->input);
      bind_variant (stmt, 5, info->output);
      bind_variant (stmt, 6, info->progress);
      bind_variant (stmt, 7, info->constraints);
      sqlite3_bind_int64 (stmt, 8, info->initial_delay);
      sqlite3_bind_int64 (stmt, 9, info->interval);
      sqlite3_bind_int64 (stmt, 10, info->flex);
      sqlite3_bind_int (stmt, 11, (int) info->run_attempt_count);
      sqlite3_bind_int (stmt, 12, info->backoff_policy);
      sqlite3_bind_int64 (stmt, 13, info->backoff_delay);
      sqlite3_bind_int64 (stmt, 14, info->last_enqueue_time);
      sqlite3_bind_int64 (stmt, 15, info->next_run_at);
      sqlite3_bind_int (stmt, 16, (int) info->period_count);
      sqlite3_bind_int (stmt, 17, (int) info->generation);
      sqlite3_bind_int (stmt, 18, info->stop_reason);
      sqlite3_bind_int (stmt, 19, info->input_merger);
      sqlite3_bind_int64 (stmt, 20, info->finished_at);
      if (!step_done (self, stmt, error))
        return FALSE;

      for (guint t = 0; info->tags[t] != NULL; t++)
        {
          stmt = prepare (self, "INSERT OR IGNORE INTO work_tag (tag, work_spec_id, position) VALUES (?1, ?2, ?3)", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, info->tags[t], -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, info->id, -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 3, (int) t);
          if (!step_done (self, stmt, error))
            return FALSE;
        }
      if (unique_name != NULL)
        {
          stmt = prepare (self, "INSERT INTO work_name (name, work_spec_id) VALUES (?1, ?2)", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, unique_name, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, info->id, -1, SQLITE_STATIC);
          if (!step_done (self, stmt, error))
            return FALSE;
        }
    }

  for (guint i = 0; dependencies != NULL && i < dependencies->len; i++)
    {
      RillWorkDependency *d = &g_array_index (dependencies, RillWorkDependency, i);
      sqlite3_stmt *stmt = prepare (self,
        "INSERT OR IGNORE INTO dependency (work_spec_id, prerequisite_id, position) VALUES (?1, ?2, ?3)", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, d->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, d->prerequisite, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, (int) i);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
rill_work_database_insert (RillWorkDatabase  *self,
                           GPtrArray         *infos,
                           GArray            *dependencies,
                           const char        *unique_name,
                           gint64             now,
                           GError           **error)
{
  gboolean ok;

  g_mutex_lock (&self->lock);
  ok = begin (self, error) && insert_rows (self, infos, dependencies, unique_name, error);
  return end (self, ok, RILL_WORK_TABLE_ALL, error);
}

/* The ids (and the running ones) that a cancel by @where reaches, with
 * everything depending on them. */
#define REACH(where) \
  "WITH RECURSIVE reached (id) AS (" where " UNION " \
  "SELECT d.work_spec_id FROM dependency d JOIN reached r ON d.prerequisite_id = r.id) "

static gboolean
collect_running (RillWorkDatabase  *self,
                 sqlite3_stmt      *stmt,
                 GPtrArray         *running,
                 GError           **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (running != NULL)
      g_ptr_array_add (running, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error);
  return TRUE;
}

static void
bind_key (sqlite3_stmt *stmt,
          const char   *key)
{
  if (key != NULL)
    sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
}

static gboolean
cancel_locked (RillWorkDatabase  *self,
               const char        *id,
               const char        *tag,
               const char        *name,
               gint64             now,
               GPtrArray         *running,
               GError           **error)
{
  const char *select_sql, *update_sql;
  const char *key = id != NULL ? id : tag != NULL ? tag : name;
  sqlite3_stmt *stmt;

  /* The running work that the cancel reaches, then the cancel itself:
   * each one statement, a literal (the statement cache keys on it). */
#define CANCEL_RUNNING "SELECT id FROM work_spec WHERE state = 1 AND id IN reached"
#define CANCEL_SET "UPDATE work_spec SET state = 5, finished_at = ?2, progress = ?3, " \
                   "stop_reason = CASE state WHEN 1 THEN 1 ELSE stop_reason END "
#define CANCEL_REACHED CANCEL_SET "WHERE id IN reached AND state IN " UNFINISHED
#define BY_TAG "SELECT work_spec_id FROM work_tag WHERE tag = ?1"
#define BY_NAME "SELECT work_spec_id FROM work_name WHERE name = ?1"

  if (id != NULL)
    {
      select_sql = REACH ("SELECT ?1") CANCEL_RUNNING;
      update_sql = REACH ("SELECT ?1") CANCEL_REACHED;
    }
  else if (tag != NULL)
    {
      select_sql = REACH (BY_TAG) CANCEL_RUNNING;
      update_sql = REACH (BY_TAG) CANCEL_REACHED;
    }
  else if (name != NULL)
    {
      select_sql = REACH (BY_NAME) CANCEL_RUNNING;
      update_sql = REACH (BY_NAME) CANCEL_REACHED;
    }
  else
    {
      select_sql = "SELECT id FROM work_spec WHERE state = 1";
      update_sql = CANCEL_SET "WHERE state IN " UNFINISHED;
    }
#undef BY_NAME
#undef BY_TAG
#undef CANCEL_REACHED
#undef CANCEL_SET
#undef CANCEL_RUNNING

  if ((stmt = prepare (self, select_sql, error)) == NULL)
    return FALSE;
  bind_key (stmt, key);
  if (!collect_running (self, stmt, running, error))
    return FALSE;

  if ((stmt = prepare (self, update_sql, error)) == NULL)
    return FALSE;
  bind_key (stmt, key);
  sqlite3_bind_int64 (stmt, 2, now);
  {
    g_autoptr(GVariant) empty = rill_work_empty_data ();

    bind_variant (stmt, 3, empty);
    return step_done (self, stmt, error);
  }
}

gboolean
rill_work_database_cancel (RillWorkDatabase  *self,
                           const char        *id,
                           const char        *tag,
                           const char        *name,
                           gint64             now,
                           GPtrArray        **running_out,
                           GError           **error)
{
  g_autoptr(GPtrArray) running = g_ptr_array_new_with_free_func (g_free);
  gboolean ok;

  g_mutex_lock (&self->lock);
  ok = begin (self, error) && cancel_locked (self, id, tag, name, now, running, error);
  ok = end (self, ok, RILL_WORK_TABLE_SPEC, error);
  if (ok && running_out != NULL)
    *running_out = g_steal_pointer (&running);
  return ok;
}

typedef struct
{
  char          *id;
  RillWorkState  state;
  gboolean       leaf;
} NamedWork;

static void
named_work_clear (gpointer data)
{
  g_free (((NamedWork *) data)->id);
}

gboolean
rill_work_database_insert_unique (RillWorkDatabase        *self,
                                  const char              *name,
                                  RillExistingWorkPolicy   policy,
                                  GPtrArray               *infos,
                                  GArray                  *dependencies,
                                  gint64                   now,
                                  GPtrArray              **running_out,
                                  gboolean                *kept_out,
                                  GError                 **error)
{
  g_autoptr(GArray) existing = g_array_new (FALSE, TRUE, sizeof (NamedWork));
  g_autoptr(GArray) all_deps = g_array_new (FALSE, TRUE, sizeof (RillWorkDependency));
  g_autoptr(GPtrArray) running = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = FALSE, any_unfinished = FALSE, any_failed = FALSE, any_cancelled = FALSE;
  gboolean all_succeeded = TRUE, append = FALSE;
  sqlite3_stmt *stmt;
  int rc;

  g_array_set_clear_func (existing, named_work_clear);
  *kept_out = FALSE;

  g_mutex_lock (&self->lock);
  if (!begin (self, error))
    goto out;

  stmt = prepare (self,
    "SELECT s.id, s.state, NOT EXISTS (SELECT 1 FROM dependency d WHERE d.prerequisite_id = s.id) "
    "FROM work_spec s JOIN work_name n ON n.work_spec_id = s.id WHERE n.name = ?1 ORDER BY s.rowid", error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      NamedWork w = { g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                      sqlite3_column_int (stmt, 1), sqlite3_column_int (stmt, 2) };

      g_array_append_val (existing, w);
      any_unfinished |= !rill_work_state_is_finished (w.state);
      if (w.leaf)
        {
          any_failed |= w.state == RILL_WORK_STATE_FAILED;
          any_cancelled |= w.state == RILL_WORK_STATE_CANCELLED;
          all_succeeded &= w.state == RILL_WORK_STATE_SUCCEEDED;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error);
      goto out;
    }

  if (existing->len > 0)
    {
      if (policy == RILL_EXISTING_WORK_POLICY_KEEP && any_unfinished)
        {
          *kept_out = TRUE;
          ok = TRUE;
          goto out;
        }
      append = policy == RILL_EXISTING_WORK_POLICY_APPEND
               || (policy == RILL_EXISTING_WORK_POLICY_APPEND_OR_REPLACE && !any_failed && !any_cancelled);
      if (!append)
        {
          /* Replaced: cancelled, then forgotten, as WorkManager does. */
          if (!cancel_locked (self, NULL, NULL, name, now, running, error))
            goto out;
          stmt = prepare (self, "DELETE FROM work_spec WHERE id IN (SELECT work_spec_id FROM work_name WHERE name = ?1)", error);
          if (stmt == NULL)
            goto out;
          sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
          if (!step_done (self, stmt, error))
            goto out;
        }
    }

  if (dependencies != NULL)
    g_array_append_vals (all_deps, dependencies->data, dependencies->len);
  if (append)
    {
      /* The roots of the new work follow every leaf of the existing work. */
      for (guint i = 0; i < infos->len; i++)
        {
          RillWorkInfo *info = g_ptr_array_index (infos, i);
          gboolean root = TRUE;

          for (guint d = 0; dependencies != NULL && d < dependencies->len && root; d++)
            root = !g_str_equal (g_array_index (dependencies, RillWorkDependency, d).id, info->id);
          if (root)
            for (guint e = 0; e < existing->len; e++)
              {
                NamedWork *w = &g_array_index (existing, NamedWork, e);
                RillWorkDependency dep = { info->id, w->id };

                if (w->leaf)
                  g_array_append_val (all_deps, dep);
              }
          if (any_failed || any_cancelled)
            {
              info->state = any_failed ? RILL_WORK_STATE_FAILED : RILL_WORK_STATE_CANCELLED;
              info->finished_at = now;
            }
          else if (root && !all_succeeded)
            info->state = RILL_WORK_STATE_BLOCKED;
        }
    }

  ok = insert_rows (self, infos, all_deps, name, error);

out:
  ok = end (self, ok, RILL_WORK_TABLE_ALL, error);
  if (ok && running_out != NULL)
    *running_out = g_steal_pointer (&running);
  return ok;
}

/* ---------------------------------------------------------------------- */
/* Reading */

RillWorkInfo *
rill_work_database_get (RillWorkDatabase  *self,
                        const char        *id,
                        GError           **error)
{
  g_autoptr(GPtrArray) infos = NULL;
  sqlite3_stmt *stmt;

  g_mutex_lock (&self->lock);
  stmt = prepare (self, "SELECT " SPEC_COLUMNS " FROM work_spec WHERE id = ?1", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      infos = query_infos (self, stmt, error);
    }
  g_mutex_unlock (&self->lock);
  if (infos == NULL || infos->len == 0)
    return NULL;
  return rill_work_info_ref (g_ptr_array_index (infos, 0));
}

static GPtrArray *
get_by_key (RillWorkDatabase  *self,
            const char        *sql,
            const char        *key,
            GError           **error)
{
  GPtrArray *infos = NULL;
  sqlite3_stmt *stmt;

  g_mutex_lock (&self->lock);
  stmt = prepare (self, sql, error);
  if (stmt != NULL)
    {
      bind_key (stmt, key);
      infos = query_infos (self, stmt, error);
    }
  g_mutex_unlock (&self->lock);
  return infos;
}

GPtrArray *
rill_work_database_get_by_tag (RillWorkDatabase  *self,
                               const char        *tag,
                               GError           **error)
{
  return get_by_key (self, "SELECT " SPEC_COLUMNS " FROM work_spec WHERE id IN "
                     "(SELECT work_spec_id FROM work_tag WHERE tag = ?1) ORDER BY rowid", tag, error);
}

GPtrArray *
rill_work_database_get_by_name (RillWorkDatabase  *self,
                                const char        *name,
                                GError           **error)
{
  return get_by_key (self, "SELECT " SPEC_COLUMNS " FROM work_spec WHERE id IN "
                     "(SELECT work_spec_id FROM work_name WHERE name = ?1) ORDER BY rowid", name, error);
}

GPtrArray *
rill_work_database_get_all (RillWorkDatabase  *self,
                            GError           **error)
{
  return get_by_key (self, "SELECT " SPEC_COLUMNS " FROM work_spec ORDER BY rowid", NULL, error);
}

GPtrArray *
rill_work_database_get_due (RillWorkDatabase  *self,
                            gint64             now,
                            guint              limit,
                            GError           **error)
{
  GPtrArray *infos = NULL;
  sqlite3_stmt *stmt;

  g_mutex_lock (&self->lock);
  stmt = prepare (self, "SELECT " SPEC_COLUMNS " FROM work_spec WHERE state = 0 AND next_run_at <= ?1 "
                  "ORDER BY next_run_at, rowid LIMIT ?2", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, now);
      sqlite3_bind_int (stmt, 2, (int) MIN (limit, G_MAXINT));
      infos = query_infos (self, stmt, error);
    }
  g_mutex_unlock (&self->lock);
  return infos;
}

gint64
rill_work_database_get_next_run_at (RillWorkDatabase *self,
                                    gint64            after)
{
  sqlite3_stmt *stmt;
  gint64 next = G_MAXINT64;

  g_mutex_lock (&self->lock);
  stmt = prepare (self, "SELECT MIN (next_run_at) FROM work_spec WHERE state = 0 AND next_run_at > ?1", NULL);
  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, after);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    next = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  g_mutex_unlock (&self->lock);
  return next;
}

GPtrArray *
rill_work_database_get_prerequisite_outputs (RillWorkDatabase  *self,
                                             const char        *id,
                                             GError           **error)
{
  g_autoptr(GPtrArray) outputs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  g_mutex_lock (&self->lock);
  stmt = prepare (self, "SELECT s.output FROM dependency d JOIN work_spec s ON s.id = d.prerequisite_id "
                  "WHERE d.work_spec_id = ?1 ORDER BY d.position", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (outputs, column_variant (stmt, 0));
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        set_sqlite_error (self, rc, error);
    }
  g_mutex_unlock (&self->lock);
  if (stmt == NULL || rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&outputs);
}

/* ---------------------------------------------------------------------- */
/* State changes */

gboolean
rill_work_database_mark_running (RillWorkDatabase  *self,
                                 const char        *id,
                                 gint64             now,
                                 GError           **error)
{
  sqlite3_stmt *stmt;
  gboolean ok, changed = FALSE;

  g_mutex_lock (&self->lock);
  ok = begin (self, error);
  if (ok && (stmt = prepare (self, "UPDATE work_spec SET state = 1, run_attempt_count = run_attempt_count + 1 "
                             "WHERE id = ?1 AND state = 0", error)) != NULL)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      ok = step_done (self, stmt, error);
      changed = ok && sqlite3_changes (self->db) == 1;
    }
  else
    ok = FALSE;
  ok = end (self, ok, changed ? RILL_WORK_TABLE_SPEC : 0, error);
  return ok && changed;
}

/* WorkManager's back-off: linear grows by the delay with each attempt,
 * exponential doubles it; never beyond five hours. */
gint64
rill_work_next_run_after_retry (RillWorkInfo *info,
                                gint64        now)
{
  guint attempts = MAX (info->run_attempt_count, 1);
  gint64 delay;

  if (info->backoff_policy == RILL_BACKOFF_POLICY_LINEAR)
    delay = info->backoff_delay * attempts;
  else
    delay = attempts - 1 >= 32 ? G_MAXINT64 / 2 : info->backoff_delay << (attempts - 1);
  if (delay > RILL_WORK_MAX_BACKOFF_DELAY_MS || delay < 0)
    delay = RILL_WORK_MAX_BACKOFF_DELAY_MS;
  return now + delay;
}

static RillWorkInfo *
get_locked (RillWorkDatabase  *self,
            const char        *id,
            GError           **error)
{
  g_autoptr(GPtrArray) infos = NULL;
  sqlite3_stmt *stmt = prepare (self, "SELECT " SPEC_COLUMNS " FROM work_spec WHERE id = ?1", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  infos = query_infos (self, stmt, error);
  if (infos == NULL || infos->len == 0)
    return NULL;
  return rill_work_info_ref (g_ptr_array_index (infos, 0));
}

/* After @id succeeded: each blocked dependent whose prerequisites all
 * succeeded is enqueued. */
static gboolean
unblock_dependents (RillWorkDatabase  *self,
                    const char        *id,
                    gint64             now,
                    GError           **error)
{
  sqlite3_stmt *stmt = prepare (self,
    "UPDATE work_spec SET state = 0, last_enqueue_time = ?2, next_run_at = ?2 + initial_delay "
    "WHERE state = 4 AND id IN (SELECT work_spec_id FROM dependency WHERE prerequisite_id = ?1) "
    "AND NOT EXISTS (SELECT 1 FROM dependency d JOIN work_spec p ON p.id = d.prerequisite_id "
    "                WHERE d.work_spec_id = work_spec.id AND p.state != 2)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  return step_done (self, stmt, error);
}

/* After @id failed: everything depending on it fails. */
static gboolean
fail_dependents (RillWorkDatabase  *self,
                 const char        *id,
                 gint64             now,
                 GError           **error)
{
  sqlite3_stmt *stmt = prepare (self,
    REACH ("SELECT work_spec_id FROM dependency WHERE prerequisite_id = ?1")
    "UPDATE work_spec SET state = 3, finished_at = ?2 WHERE id IN reached AND state IN " UNFINISHED, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  return step_done (self, stmt, error);
}

gboolean
rill_work_database_finish (RillWorkDatabase    *self,
                           const char          *id,
                           RillWorkResultKind   kind,
                           GVariant            *output,
                           RillWorkStopReason   stop_reason,
                           gint64               now,
                           GError             **error)
{
  g_autoptr(RillWorkInfo) info = NULL;
  g_autoptr(GVariant) empty = rill_work_empty_data ();
  sqlite3_stmt *stmt;
  gboolean ok;

  g_mutex_lock (&self->lock);
  ok = begin (self, error);
  if (ok)
    info = get_locked (self, id, error);
  /* Cancelled, replaced or stopped meanwhile: the result is ignored. */
  if (ok && (info == NULL || info->state != RILL_WORK_STATE_RUNNING))
    return end (self, TRUE, 0, error);

  if (ok && info->interval > 0 && kind != RILL_WORK_RESULT_RETRY)
    {
      /* Periodic work starts its next period; its output is not kept. */
      stmt = prepare (self, "UPDATE work_spec SET state = 0, period_count = period_count + 1, "
                      "run_attempt_count = 0, last_enqueue_time = ?2, next_run_at = ?2 + interval, "
                      "progress = ?3 WHERE id = ?1", error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 2, now);
          bind_variant (stmt, 3, empty);
          ok = step_done (self, stmt, error);
        }
    }
  else if (ok && kind == RILL_WORK_RESULT_RETRY)
    {
      stmt = prepare (self, "UPDATE work_spec SET state = 0, last_enqueue_time = ?2, next_run_at = ?3, "
                      "progress = ?4 WHERE id = ?1", error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 2, now);
          sqlite3_bind_int64 (stmt, 3, rill_work_next_run_after_retry (info, now));
          bind_variant (stmt, 4, empty);
          ok = step_done (self, stmt, error);
        }
    }
  else if (ok)
    {
      gboolean success = kind == RILL_WORK_RESULT_SUCCESS;

      stmt = prepare (self, "UPDATE work_spec SET state = ?2, output = ?3, progress = ?4, finished_at = ?5 "
                      "WHERE id = ?1", error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 2, success ? RILL_WORK_STATE_SUCCEEDED : RILL_WORK_STATE_FAILED);
          bind_variant (stmt, 3, output != NULL ? output : empty);
          bind_variant (stmt, 4, empty);
          sqlite3_bind_int64 (stmt, 5, now);
          ok = step_done (self, stmt, error);
        }
      if (ok)
        ok = success ? unblock_dependents (self, id, now, error) : fail_dependents (self, id, now, error);
    }
  if (ok && stop_reason != RILL_WORK_STOP_REASON_NOT_STOPPED)
    {
      stmt = prepare (self, "UPDATE work_spec SET stop_reason = ?2 WHERE id = ?1", error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 2, stop_reason);
          ok = step_done (self, stmt, error);
        }
    }
  return end (self, ok, RILL_WORK_TABLE_SPEC, error);
}

gboolean
rill_work_database_stop (RillWorkDatabase    *self,
                         const char          *id,
                         RillWorkStopReason   reason,
                         gint64               now,
                         GError             **error)
{
  g_autoptr(GVariant) empty = rill_work_empty_data ();
  sqlite3_stmt *stmt;
  gboolean ok;

  g_mutex_lock (&self->lock);
  ok = begin (self, error);
  if (ok && (stmt = prepare (self, "UPDATE work_spec SET state = 0, stop_reason = ?2, last_enqueue_time = ?3, "
                             "next_run_at = ?3, progress = ?4 WHERE id = ?1 AND state = 1", error)) != NULL)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, reason);
      sqlite3_bind_int64 (stmt, 3, now);
      bind_variant (stmt, 4, empty);
      ok = step_done (self, stmt, error);
    }
  else
    ok = FALSE;
  return end (self, ok, RILL_WORK_TABLE_SPEC, error);
}

gboolean
rill_work_database_set_progress (RillWorkDatabase  *self,
                                 const char        *id,
                                 GVariant          *progress,
                                 GError           **error)
{
  sqlite3_stmt *stmt;
  gboolean ok, changed = FALSE;

  g_mutex_lock (&self->lock);
  ok = begin (self, error);
  if (ok && (stmt = prepare (self, "UPDATE work_spec SET progress = ?2 WHERE id = ?1 AND state = 1", error)) != NULL)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      bind_variant (stmt, 2, progress);
      ok = step_done (self, stmt, error);
      changed = ok && sqlite3_changes (self->db) == 1;
    }
  else
    ok = FALSE;
  return end (self, ok, changed ? RILL_WORK_TABLE_SPEC : 0, error);
}

guint
rill_work_database_recover (RillWorkDatabase  *self,
                            gint64             now,
                            GError           **error)
{
  g_autoptr(GVariant) empty = rill_work_empty_data ();
  sqlite3_stmt *stmt;
  gboolean ok;
  guint n = 0;

  g_mutex_lock (&self->lock);
  ok = begin (self, error);
  if (ok && (stmt = prepare (self, "UPDATE work_spec SET state = 0, stop_reason = ?1, last_enqueue_time = ?2, "
                             "next_run_at = ?2, progress = ?3 WHERE state = 1", error)) != NULL)
    {
      sqlite3_bind_int (stmt, 1, RILL_WORK_STOP_REASON_PROCESS_LOST);
      sqlite3_bind_int64 (stmt, 2, now);
      bind_variant (stmt, 3, empty);
      ok = step_done (self, stmt, error);
      n = ok ? (guint) sqlite3_changes (self->db) : 0;
    }
  else
    ok = FALSE;
  ok = end (self, ok, n > 0 ? RILL_WORK_TABLE_SPEC : 0, error);
  return ok ? n : 0;
}

guint
rill_work_database_prune (RillWorkDatabase  *self,
                          gint64             before,
                          GError           **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;
  guint n = 0;

  g_mutex_lock (&self->lock);
  ok = begin (self, error);
  /* Finished long enough ago, and nothing unfinished waits on it. */
  if (ok && (stmt = prepare (self,
        "DELETE FROM work_spec WHERE state IN (2, 3, 5) AND finished_at < ?1 AND NOT EXISTS ("
        "  SELECT 1 FROM dependency d JOIN work_spec s ON s.id = d.work_spec_id "
        "  WHERE d.prerequisite_id = work_spec.id AND s.state IN " UNFINISHED ")", error)) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, before);
      ok = step_done (self, stmt, error);
      n = ok ? (guint) sqlite3_changes (self->db) : 0;
    }
  else
    ok = FALSE;
  ok = end (self, ok, n > 0 ? RILL_WORK_TABLE_ALL : 0, error);
  return ok ? n : 0;
}
