/*
 * pngdiff.c — compare two PNGs the way cairo's and librsvg's test suites do:
 * count changed pixels and the largest per-channel difference; write a diff
 * picture (changed pixels in red over a faded copy) when they differ.
 *
 *   pngdiff EXPECTED ACTUAL TOLERANCE [DIFF.png]
 *
 * Exit 0 when max_diff <= TOLERANCE, 1 when over, 2 on a usage/IO error.
 *
 * SPDX-License-Identifier: MIT
 */
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	if (argc < 4) {
		fputs("usage: pngdiff EXPECTED ACTUAL TOLERANCE [DIFF.png]\n", stderr);
		return 2;
	}
	cairo_surface_t *a = cairo_image_surface_create_from_png(argv[1]);
	cairo_surface_t *b = cairo_image_surface_create_from_png(argv[2]);
	if (cairo_surface_status(a) || cairo_surface_status(b)) {
		fprintf(stderr, "pngdiff: cannot read %s\n",
			cairo_surface_status(a) ? argv[1] : argv[2]);
		return 2;
	}
	int tol = atoi(argv[3]);
	int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
	if (w != cairo_image_surface_get_width(b) || h != cairo_image_surface_get_height(b)) {
		fprintf(stderr, "pngdiff: sizes differ: %dx%d vs %dx%d\n", w, h,
			cairo_image_surface_get_width(b), cairo_image_surface_get_height(b));
		return 1;
	}
	cairo_surface_t *d = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_surface_flush(a);
	cairo_surface_flush(b);
	unsigned char *pa = cairo_image_surface_get_data(a), *pb = cairo_image_surface_get_data(b);
	unsigned char *pd = cairo_image_surface_get_data(d);
	int sa = cairo_image_surface_get_stride(a), sb = cairo_image_surface_get_stride(b);
	int sd = cairo_image_surface_get_stride(d);
	long changed = 0;
	int max_diff = 0;
	for (int y = 0; y < h; y++) {
		const unsigned int *ra = (const unsigned int *)(pa + y * sa);
		const unsigned int *rb = (const unsigned int *)(pb + y * sb);
		unsigned int *rd = (unsigned int *)(pd + y * sd);
		for (int x = 0; x < w; x++) {
			int m = 0;
			for (int s = 0; s < 32; s += 8) {
				int da = abs((int)((ra[x] >> s) & 255) - (int)((rb[x] >> s) & 255));
				if (da > m)
					m = da;
			}
			if (m > max_diff)
				max_diff = m;
			unsigned int grey = ((ra[x] >> 8) & 255) / 4 + 160;
			if (m > tol / 2) {
				changed++;
				rd[x] = 0xff0000u | (unsigned)(m > tol ? 0 : 0x8080);
			} else {
				rd[x] = grey << 16 | grey << 8 | grey;
			}
		}
	}
	cairo_surface_mark_dirty(d);
	printf("pixels_changed=%ld max_diff=%d tolerance=%d\n", changed, max_diff, tol);
	if (max_diff > 2 && argc > 4)
		cairo_surface_write_to_png(d, argv[4]);
	return max_diff > tol ? 1 : 0;
}
