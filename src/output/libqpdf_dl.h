/*
 * libqpdf_dl.h — libqpdf, loaded with dlopen() rather than linked: with
 * libstdc++, GnuTLS and the libraries GnuTLS pulls in (p11-kit, nettle,
 * gmp, idn2, unistring, tasn1…) it cost every run ~3.5 ms of start-up in
 * the dynamic linker, on the one thread everything waits for, while qpdf
 * is used only at the very end of a PDF run (pdf_finish.c). A PDF run
 * loads it on a helper thread at once (libqpdf_preload), in parallel with
 * reading, laying out and drawing the deck; pdf_finish.c calls qpdf
 * through this table only (libqpdf_calls.h).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_LIBQPDF_DL_H
#define SCS_LIBQPDF_DL_H

#include <qpdf/qpdf-c.h>

/* The functions used, as X(return type, name without "qpdf_", parameters);
 * libqpdf_dl.c checks each against its declaration in qpdf-c.h. */
#define LIBQPDF_FUNCS \
	X(qpdf_data, init, (void)) \
	X(void, cleanup, (qpdf_data *q)) \
	X(void, silence_errors, (qpdf_data q)) \
	X(void, set_suppress_warnings, (qpdf_data q, QPDF_BOOL value)) \
	X(QPDF_ERROR_CODE, read_memory, (qpdf_data q, char const *description, \
		char const *buffer, unsigned long long size, char const *password)) \
	X(QPDF_BOOL, has_error, (qpdf_data q)) \
	X(qpdf_error, get_error, (qpdf_data q)) \
	X(char const *, get_error_full_text, (qpdf_data q, qpdf_error e)) \
	X(unsigned long long, get_error_file_position, (qpdf_data q, qpdf_error e)) \
	X(QPDF_BOOL, more_warnings, (qpdf_data q)) \
	X(qpdf_error, next_warning, (qpdf_data q)) \
	X(char const *, get_pdf_version, (qpdf_data q)) \
	X(qpdf_oh, get_trailer, (qpdf_data q)) \
	X(qpdf_oh, get_root, (qpdf_data q)) \
	X(qpdf_oh, get_object_by_id, (qpdf_data q, int objid, int generation)) \
	X(void, replace_object, (qpdf_data q, int objid, int generation, qpdf_oh oh)) \
	X(int, get_num_pages, (qpdf_data q)) \
	X(qpdf_oh, get_page_n, (qpdf_data q, size_t zero_based_index)) \
	X(void, oh_release, (qpdf_data q, qpdf_oh oh)) \
	X(qpdf_oh, oh_parse, (qpdf_data q, char const *object_str)) \
	X(char const *, oh_unparse_resolved, (qpdf_data q, qpdf_oh oh)) \
	X(int, oh_get_object_id, (qpdf_data q, qpdf_oh oh)) \
	X(QPDF_BOOL, oh_is_null, (qpdf_data q, qpdf_oh oh)) \
	X(QPDF_BOOL, oh_is_integer, (qpdf_data q, qpdf_oh oh)) \
	X(QPDF_BOOL, oh_is_number, (qpdf_data q, qpdf_oh oh)) \
	X(QPDF_BOOL, oh_is_name, (qpdf_data q, qpdf_oh oh)) \
	X(QPDF_BOOL, oh_is_name_and_equals, (qpdf_data q, qpdf_oh oh, char const *name)) \
	X(QPDF_BOOL, oh_is_string, (qpdf_data q, qpdf_oh oh)) \
	X(QPDF_BOOL, oh_is_array, (qpdf_data q, qpdf_oh oh)) \
	X(QPDF_BOOL, oh_is_dictionary, (qpdf_data q, qpdf_oh oh)) \
	X(QPDF_BOOL, oh_is_stream, (qpdf_data q, qpdf_oh oh)) \
	X(long long, oh_get_int_value, (qpdf_data q, qpdf_oh oh)) \
	X(int, oh_get_int_value_as_int, (qpdf_data q, qpdf_oh oh)) \
	X(double, oh_get_numeric_value, (qpdf_data q, qpdf_oh oh)) \
	X(char const *, oh_get_name, (qpdf_data q, qpdf_oh oh)) \
	X(char const *, oh_get_utf8_value, (qpdf_data q, qpdf_oh oh)) \
	X(int, oh_get_array_n_items, (qpdf_data q, qpdf_oh oh)) \
	X(qpdf_oh, oh_get_array_item, (qpdf_data q, qpdf_oh oh, int n)) \
	X(void, oh_append_item, (qpdf_data q, qpdf_oh oh, qpdf_oh item)) \
	X(void, oh_erase_item, (qpdf_data q, qpdf_oh oh, int at)) \
	X(qpdf_oh, oh_wrap_in_array, (qpdf_data q, qpdf_oh oh)) \
	X(QPDF_BOOL, oh_has_key, (qpdf_data q, qpdf_oh oh, char const *key)) \
	X(qpdf_oh, oh_get_key, (qpdf_data q, qpdf_oh oh, char const *key)) \
	X(qpdf_oh, oh_get_key_if_dict, (qpdf_data q, qpdf_oh oh, char const *key)) \
	X(void, oh_replace_key, (qpdf_data q, qpdf_oh oh, char const *key, qpdf_oh item)) \
	X(void, oh_remove_key, (qpdf_data q, qpdf_oh oh, char const *key)) \
	X(qpdf_oh, oh_get_dict, (qpdf_data q, qpdf_oh oh)) \
	X(QPDF_ERROR_CODE, oh_get_stream_data, (qpdf_data q, qpdf_oh stream_oh, \
		enum qpdf_stream_decode_level_e decode_level, QPDF_BOOL *filtered, \
		unsigned char **bufp, size_t *len)) \
	X(qpdf_oh, oh_new_bool, (qpdf_data q, QPDF_BOOL value)) \
	X(qpdf_oh, oh_new_integer, (qpdf_data q, long long value)) \
	X(qpdf_oh, oh_new_name, (qpdf_data q, char const *name)) \
	X(qpdf_oh, oh_new_string, (qpdf_data q, char const *str)) \
	X(qpdf_oh, oh_new_unicode_string, (qpdf_data q, char const *utf8_str)) \
	X(qpdf_oh, oh_new_binary_string, (qpdf_data q, char const *str, size_t length)) \
	X(qpdf_oh, oh_new_array, (qpdf_data q)) \
	X(qpdf_oh, oh_new_dictionary, (qpdf_data q))

struct libqpdf {
#define X(ret, name, params) ret (*name) params;
	LIBQPDF_FUNCS
#undef X
};

/* Start loading libqpdf on a helper thread (main thread; idempotent). */
void libqpdf_preload(void);

/*
 * libqpdf's functions: waits for libqpdf_preload() or loads them now (main
 * thread only). NULL when libqpdf cannot be loaded; *why then says why
 * (static string).
 */
const struct libqpdf *libqpdf_get(const char **why);

#endif
