/*
 * harness.h — a tiny test harness in the shape of cmark's api_test:
 * OK/INT_EQ/STR_EQ print `Got:`/`Expected:` on failure and count; main()
 * returns done_testing(), non-zero if anything failed.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_TEST_HARNESS_H
#define SCS_TEST_HARNESS_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int h_tests, h_failed;

/* Time bounds in the tests guard against runaway (quadratic, unbounded)
 * work, not speed (bench/ measures that); they are for optimised builds, and
 * sanitizers slow the code down several times. */
#if defined(__SANITIZE_ADDRESS__)
#define SLOWDOWN 10.0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLOWDOWN 10.0
#endif
#endif
#ifndef SLOWDOWN
#define SLOWDOWN 1.0
#endif

#define OK(cond, ...) h_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define INT_EQ(got, want, ...) h_int_eq((long long)(got), (long long)(want), __FILE__, __LINE__, __VA_ARGS__)
#define FLT_EQ(got, want, eps, ...) h_flt_eq((double)(got), (double)(want), (eps), __FILE__, __LINE__, __VA_ARGS__)
#define STR_EQ(got, want, ...) h_str_eq((got), (want), __FILE__, __LINE__, __VA_ARGS__)

static void h_report(int ok, const char *file, int line, const char *fmt, va_list ap);

#include <stdarg.h>

static void h_report(int ok, const char *file, int line, const char *fmt, va_list ap)
{
	h_tests++;
	if (ok)
		return;
	h_failed++;
	fprintf(stderr, "FAILED %s:%d: ", file, line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

static inline void h_ok(int ok, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	h_report(ok, file, line, fmt, ap);
	va_end(ap);
}

static inline void h_int_eq(long long got, long long want, const char *file,
			    int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	h_report(got == want, file, line, fmt, ap);
	va_end(ap);
	if (got != want)
		fprintf(stderr, "  Got:      %lld\n  Expected: %lld\n", got, want);
}

static inline void h_flt_eq(double got, double want, double eps, const char *file,
			    int line, const char *fmt, ...)
{
	int ok = fabs(got - want) <= eps;
	va_list ap;
	va_start(ap, fmt);
	h_report(ok, file, line, fmt, ap);
	va_end(ap);
	if (!ok)
		fprintf(stderr, "  Got:      %g\n  Expected: %g\n", got, want);
}

static inline void h_str_eq(const char *got, const char *want, const char *file,
			    int line, const char *fmt, ...)
{
	int ok = (got && want) ? strcmp(got, want) == 0 : got == want;
	va_list ap;
	va_start(ap, fmt);
	h_report(ok, file, line, fmt, ap);
	va_end(ap);
	if (!ok)
		fprintf(stderr, "  Got:      \"%s\"\n  Expected: \"%s\"\n",
			got ? got : "(null)", want ? want : "(null)");
}

static inline int done_testing(void)
{
	printf("%d passed, %d failed\n", h_tests - h_failed, h_failed);
	return h_failed ? 1 : 0;
}

#endif
