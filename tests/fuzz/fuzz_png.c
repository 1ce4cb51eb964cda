/*
 * fuzz_png.c — libFuzzer harness for the PNG decoder of the PDF's pictures
 * (image_png.c), differential: wherever it decodes a file, its pixels must
 * be what libpng's simplified API gives, which it stands in for.
 *
 * SPDX-License-Identifier: MIT
 */
#include "resources/image_internal.h"

#include <png.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether libpng decodes d to the same samples. */
static bool same_as_libpng(const uint8_t *d, size_t n, const struct png_planes *pp)
{
	png_image im;
	memset(&im, 0, sizeof im);
	im.version = PNG_IMAGE_VERSION;
	bool same = false;
	if (png_image_begin_read_from_memory(&im, d, n)) {
		bool alpha = im.format & PNG_FORMAT_FLAG_ALPHA;
		im.format = alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB;
		unsigned char *px = malloc(PNG_IMAGE_SIZE(im));
		size_t np = (size_t)im.width * im.height, k = alpha ? 4 : 3;
		same = px && png_image_finish_read(&im, NULL, px, 0, NULL) &&
		       (size_t)pp->width * (size_t)pp->height == np &&
		       alpha == (pp->alpha != NULL);
		for (size_t i = 0; same && i < np; i++)
			same = !memcmp(pp->rgb + 3 * i, px + k * i, 3) &&
			       (!alpha || pp->alpha[i] == px[k * i + 3]);
		free(px);
	}
	png_image_free(&im);
	return same;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct png_planes pp;
	if (image_png_decode(data, size, false, &pp) == PNG_FAST_PIXELS &&
	    !same_as_libpng(data, size, &pp))
		abort();
	free(pp.rgb);
	free(pp.alpha);
	/* an RGB PNG's own rows */
	image_png_decode(data, size, true, &pp);
	free(pp.rgb);
	free(pp.alpha);
	free(pp.rows);
	return 0;
}
