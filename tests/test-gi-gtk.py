#!/usr/bin/env python3
# test-gi-gtk.py: the GTK layer used from Python through GObject introspection.
#
# Copyright 2026 The Rill authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Runs under a display (xvfb-run).

import gc
import unittest

import gi

gi.require_version("Gtk", "4.0")
gi.require_version("Rill", "1.0")
gi.require_version("RillGtk", "1.0")
from gi.repository import GLib, GObject, Gtk, Rill, RillGtk  # noqa: E402


def iterate_until(condition, timeout_ms=5000):
    context = GLib.MainContext.default()
    deadline = GLib.get_monotonic_time() + timeout_ms * 1000
    source = GLib.timeout_add(10, lambda: True)
    try:
        while not condition() and GLib.get_monotonic_time() < deadline:
            context.iteration(True)
    finally:
        GLib.source_remove(source)
    return condition()


class TestWidgetLifecycle(unittest.TestCase):
    def test_window_and_child(self):
        window = Gtk.Window()
        label = Gtk.Label(label="x")
        window.set_child(label)
        lifecycle = RillGtk.widget_get_lifecycle(label)
        events = []
        lifecycle.add_observer(lambda lc, event: events.append(event))
        self.assertEqual(lifecycle.get_current_state(), Rill.LifecycleState.CREATED)

        window.present()
        self.assertTrue(iterate_until(lambda: lifecycle.get_current_state() == Rill.LifecycleState.RESUMED))
        self.assertEqual(
            events,
            [
                Rill.LifecycleEvent.ON_CREATE,
                Rill.LifecycleEvent.ON_START,
                Rill.LifecycleEvent.ON_RESUME,
            ],
        )

        live = Rill.MutableLiveData.new(int)
        seen = []
        live.observe(lifecycle, lambda ld, value: seen.append(value))
        live.set_int(7)
        self.assertEqual(seen, [7])

        # A widget is destroyed once nothing holds it: GTK's reference goes
        # with destroy(), Python's with its variables.
        window.destroy()
        self.assertEqual(lifecycle.get_current_state(), Rill.LifecycleState.CREATED)
        del window, label
        gc.collect()
        self.assertTrue(iterate_until(lambda: lifecycle.get_current_state() == Rill.LifecycleState.DESTROYED))
        self.assertEqual(events[-1], Rill.LifecycleEvent.ON_DESTROY)
        self.assertFalse(live.has_observers())


BUILDER_UI = """
<interface>
  <object class="GtkWindow" id="window">
    <child>
      <object class="GtkBox">
        <child>
          <object class="GtkLabel" id="bound">
            <property name="label">initial</property>
          </object>
        </child>
        <child>
          <object class="GtkLabel" id="expressed">
            <binding name="label">
              <lookup name="string">live_value</lookup>
            </binding>
          </object>
        </child>
      </object>
    </child>
  </object>
  <object class="RillGtkPropertyBinding" id="binding">
    <property name="source">count</property>
    <property name="target">bound</property>
    <property name="target-property">label</property>
  </object>
  <object class="RillGtkLiveValue" id="live_value">
    <property name="owner">expressed</property>
    <property name="source">count</property>
  </object>
</interface>
"""


class TestBuilder(unittest.TestCase):
    def test_binding_and_live_value(self):
        # Loaded through introspection, the library's symbols are not global:
        # GtkBuilder finds its types once they are registered.
        RillGtk.init()
        self.assertEqual(GObject.type_from_name("RillGtkPropertyBinding"), RillGtk.PropertyBinding.__gtype__)
        count = Rill.MutableLiveData.new(int)
        count.set_int(1)
        builder = Gtk.Builder()
        builder.expose_object("count", count)
        builder.add_from_string(BUILDER_UI)
        window = builder.get_object("window")
        bound = builder.get_object("bound")
        expressed = builder.get_object("expressed")
        binding = builder.get_object("binding")
        self.assertIsInstance(binding, RillGtk.PropertyBinding)
        self.assertTrue(binding.is_bound())
        self.assertIsInstance(builder.get_object("live_value"), RillGtk.LiveValue)
        del builder

        # The expression follows at once; the binding once the label is shown.
        self.assertEqual(expressed.get_label(), "1")
        self.assertEqual(bound.get_label(), "initial")
        window.present()
        self.assertTrue(iterate_until(lambda: bound.get_mapped()))
        self.assertEqual(bound.get_label(), "1")
        count.set_int(2)
        self.assertEqual(bound.get_label(), "2")
        self.assertEqual(expressed.get_label(), "2")

        window.destroy()
        del window, bound, expressed, binding
        gc.collect()
        self.assertTrue(iterate_until(lambda: not count.has_observers()))


if __name__ == "__main__":
    unittest.main(verbosity=2)
