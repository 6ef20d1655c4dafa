#!/usr/bin/env python3
# test-gi.py: Rill used from Python through GObject introspection.
#
# Copyright 2026 The Rill authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Python callbacks here run on coroutine fibers but do not suspend inside
# Python: a suspension in the middle of a Python frame would interleave the
# interpreter's frame stack between coroutines.

import unittest

import gi

gi.require_version("Rill", "1.0")
from gi.repository import Gio, GLib, GObject, Rill  # noqa: E402


class TestJobs(unittest.TestCase):
    def test_job_tree(self):
        parent = Rill.Job.new(None)
        child = Rill.Job.new(parent)
        self.assertEqual(parent.get_state(), Rill.JobState.ACTIVE)
        self.assertEqual(parent.get_n_children(), 1)
        self.assertEqual(child.get_parent().get_state(), Rill.JobState.ACTIVE)
        self.assertTrue(parent.cancel())
        self.assertFalse(parent.cancel())
        self.assertTrue(child.is_cancelled())
        self.assertEqual(child.get_state(), Rill.JobState.CANCELLED)
        self.assertEqual(parent.get_state(), Rill.JobState.CANCELLED)

    def test_cancellation_cause(self):
        job = Rill.Job.new(None)
        job.cancel()
        with self.assertRaises(GLib.Error) as ctx:
            job.get_cancellation_cause()
        self.assertTrue(ctx.exception.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED))

    def test_completion_handler(self):
        job = Rill.Job.new(None)
        seen = []
        job.invoke_on_completion(lambda j, cause: seen.append(cause is None))
        self.assertTrue(job.complete())
        self.assertEqual(seen, [True])
        self.assertEqual(job.get_state(), Rill.JobState.COMPLETED)


def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)


class TestCoroutines(unittest.TestCase):
    def test_run_blocking_with_python_block(self):
        seen = {}

        def block(scope):
            seen["in_coroutine"] = Rill.in_coroutine()
            seen["active"] = Rill.is_active()
            seen["thread"] = Rill.thread_get_name()
            seen["same_job"] = scope.get_job().get_state() == Rill.JobState.ACTIVE
            # Deep Python recursion on the coroutine's own stack.
            seen["depth"] = depth(600)

        self.assertFalse(Rill.in_coroutine())
        Rill.run_blocking(None, block)
        self.assertEqual(seen, {"in_coroutine": True, "active": True, "thread": "main",
                                "same_job": True, "depth": 600})

    def test_launch_children_on_main_and_default(self):
        ran = []

        def child(scope, name):
            ran.append((name, Rill.thread_get_name().startswith("DefaultDispatcher-worker-")
                        if name == "pool" else Rill.thread_get_name()))

        def block(scope):
            jobs = [Rill.launch(scope, None, child, "main"),
                    Rill.launch(scope, Rill.Context.default(), child, "pool")]
            # The C side suspends here, outside any Python frame of a child.
            for job in jobs:
                self.assertEqual(job.get_parent().get_state(), Rill.JobState.ACTIVE)

        Rill.run_blocking(None, block)
        self.assertEqual(sorted(ran), [("main", "main"), ("pool", True)])

    def test_scope_cancel(self):
        scope = Rill.Scope.new(Rill.Context.main())
        job = scope.get_job()
        scope.cancel()
        self.assertTrue(job.is_cancelled())
        self.assertFalse(scope.is_active())


class Observer(GObject.Object, Rill.LifecycleObserver):
    def __init__(self, seen):
        super().__init__()
        self.seen = seen

    def do_on_start(self, owner):
        self.seen.append(("start", owner))

    def do_on_stop(self, owner):
        self.seen.append(("stop", owner))


class TestLifecycle(unittest.TestCase):
    def test_observer_callback_walked_up(self):
        registry = Rill.LifecycleRegistry.new(None)
        registry.set_current_state(Rill.LifecycleState.RESUMED)
        seen = []
        observer_id = registry.add_observer(lambda lifecycle, event: seen.append(event))
        self.assertEqual(
            seen,
            [
                Rill.LifecycleEvent.ON_CREATE,
                Rill.LifecycleEvent.ON_START,
                Rill.LifecycleEvent.ON_RESUME,
            ],
        )
        registry.remove_observer(observer_id)
        registry.handle_event(Rill.LifecycleEvent.ON_PAUSE)
        self.assertEqual(len(seen), 3)
        self.assertEqual(registry.get_observer_count(), 0)

    def test_current_state_property(self):
        registry = Rill.LifecycleRegistry.new(None)
        states = []
        registry.connect("notify::current-state", lambda obj, pspec: states.append(obj.props.current_state))
        registry.handle_event(Rill.LifecycleEvent.ON_CREATE)
        registry.handle_event(Rill.LifecycleEvent.ON_START)
        self.assertEqual(states, [Rill.LifecycleState.CREATED, Rill.LifecycleState.STARTED])
        self.assertTrue(registry.get_current_state().real >= Rill.LifecycleState.CREATED.real)

    def test_observer_object(self):
        owner = GObject.Object()
        registry = Rill.LifecycleRegistry.new(owner)
        seen = []
        observer = Observer(seen)
        registry.add_lifecycle_observer(observer)
        registry.set_current_state(Rill.LifecycleState.STARTED)
        registry.set_current_state(Rill.LifecycleState.CREATED)
        # The owner is a plain object, not a LifecycleOwner: the registry stands for it.
        self.assertEqual(seen, [("start", registry), ("stop", registry)])
        registry.set_current_state(Rill.LifecycleState.DESTROYED)
        self.assertEqual(registry.get_observer_count(), 0)


class TestLiveData(unittest.TestCase):
    def test_observe_with_lifecycle(self):
        live = Rill.MutableLiveData.new(GObject.TYPE_INT)
        registry = Rill.LifecycleRegistry.new(None)
        seen = []
        live.observe(registry, lambda ld, value: seen.append(value))
        live.set_int(1)
        self.assertEqual(seen, [])
        self.assertEqual(live.get_observer_count(), 1)
        self.assertFalse(live.has_active_observers())

        registry.set_current_state(Rill.LifecycleState.STARTED)
        self.assertEqual(seen, [1])
        live.set_int(2)
        registry.set_current_state(Rill.LifecycleState.CREATED)
        live.set_int(3)
        live.set_int(4)
        registry.set_current_state(Rill.LifecycleState.RESUMED)
        self.assertEqual(seen, [1, 2, 4])
        self.assertEqual(live.props.value, 4)

        registry.set_current_state(Rill.LifecycleState.DESTROYED)
        self.assertFalse(live.has_observers())
        live.set_int(5)
        self.assertEqual(seen, [1, 2, 4])

    def test_observe_forever_and_map(self):
        live = Rill.MutableLiveData.new(GObject.TYPE_STRING)

        # The result is an out argument: the function returns it.
        def shout(value):
            return value.upper() + "!"

        mapped = Rill.LiveData.map(live, GObject.TYPE_STRING, shout)
        seen = []
        observer_id = mapped.observe_forever(lambda ld, value: seen.append(value))
        live.set_string("hi")
        live.set_string("rill")
        self.assertEqual(seen, ["HI!", "RILL!"])
        mapped.remove_observer(observer_id)
        live.set_string("gone")
        self.assertEqual(seen, ["HI!", "RILL!"])
        self.assertFalse(live.has_active_observers())


class TestDerivedState(unittest.TestCase):
    def test_derived_state(self):
        a = Rill.MutableStateFlow.new_int(1)
        b = Rill.MutableStateFlow.new_int(2)
        calls = []

        def total(values, n_values):
            calls.append(list(values))
            return sum(values)

        derived = Rill.StateFlow.derive([a, b], GObject.TYPE_INT, total)
        self.assertIsInstance(derived, Rill.DerivedStateFlow)
        self.assertEqual(calls, [])
        self.assertEqual(derived.get_int(), 3)
        self.assertEqual(derived.get_int(), 3)
        self.assertEqual(calls, [[1, 2]])

        def move():
            a.set_int(10)
            b.set_int(20)

        Rill.StateFlow.batch(move)
        self.assertEqual(derived.get_int(), 30)
        self.assertEqual(derived.get_n_computations(), 2)
        self.assertEqual(calls, [[1, 2], [10, 20]])


if __name__ == "__main__":
    unittest.main(verbosity=2)
