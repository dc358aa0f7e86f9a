import { configure } from '@testing-library/react';

// `waitFor` and `findBy*` wait for a condition; their default bound is one second, which a busy
// 2-core machine (a parallel hub, Chromium, GC) now and then exceeds for a screen that is on its
// way. A condition that never comes still fails, only later: the bound is for a stalled machine,
// not a timing the test asserts.
configure({ asyncUtilTimeout: 10_000 });
