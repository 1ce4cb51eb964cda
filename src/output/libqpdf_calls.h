/*
 * libqpdf_calls.h — for pdf_finish.c only: qpdf's C API called by its own
 * names (qpdf_oh_get_key(q, o, "/Type")) through the functions loaded by
 * libqpdf_dl.h, which libqpdf_calls_bind() makes current. One #define per
 * function of LIBQPDF_FUNCS, after qpdf-c.h has declared them all: a name
 * missing here would call libqpdf itself, which is not linked (the link
 * fails); one not in LIBQPDF_FUNCS does not compile.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_LIBQPDF_CALLS_H
#define SCS_LIBQPDF_CALLS_H

#include "output/libqpdf_dl.h"

#include <stdbool.h>

/* the functions the names below call; NULL until bound */
static const struct libqpdf *libqpdf_calls;

/* Make qpdf's names call libqpdf_get()'s functions; false with why when
 * libqpdf cannot be loaded. */
static inline bool libqpdf_calls_bind(const char **why)
{
	libqpdf_calls = libqpdf_get(why);
	return libqpdf_calls != NULL;
}

#define LIBQPDF_CALL(name) (libqpdf_calls->name)

/* qpdf's names, one per function of LIBQPDF_FUNCS, in its order */
#define qpdf_init LIBQPDF_CALL(init)
#define qpdf_cleanup LIBQPDF_CALL(cleanup)
#define qpdf_silence_errors LIBQPDF_CALL(silence_errors)
#define qpdf_set_suppress_warnings LIBQPDF_CALL(set_suppress_warnings)
#define qpdf_read_memory LIBQPDF_CALL(read_memory)
#define qpdf_has_error LIBQPDF_CALL(has_error)
#define qpdf_get_error LIBQPDF_CALL(get_error)
#define qpdf_get_error_full_text LIBQPDF_CALL(get_error_full_text)
#define qpdf_get_error_file_position LIBQPDF_CALL(get_error_file_position)
#define qpdf_more_warnings LIBQPDF_CALL(more_warnings)
#define qpdf_next_warning LIBQPDF_CALL(next_warning)
#define qpdf_get_pdf_version LIBQPDF_CALL(get_pdf_version)
#define qpdf_get_trailer LIBQPDF_CALL(get_trailer)
#define qpdf_get_root LIBQPDF_CALL(get_root)
#define qpdf_get_object_by_id LIBQPDF_CALL(get_object_by_id)
#define qpdf_replace_object LIBQPDF_CALL(replace_object)
#define qpdf_get_num_pages LIBQPDF_CALL(get_num_pages)
#define qpdf_get_page_n LIBQPDF_CALL(get_page_n)
#define qpdf_oh_release LIBQPDF_CALL(oh_release)
#define qpdf_oh_parse LIBQPDF_CALL(oh_parse)
#define qpdf_oh_unparse_resolved LIBQPDF_CALL(oh_unparse_resolved)
#define qpdf_oh_get_object_id LIBQPDF_CALL(oh_get_object_id)
#define qpdf_oh_is_null LIBQPDF_CALL(oh_is_null)
#define qpdf_oh_is_integer LIBQPDF_CALL(oh_is_integer)
#define qpdf_oh_is_number LIBQPDF_CALL(oh_is_number)
#define qpdf_oh_is_name LIBQPDF_CALL(oh_is_name)
#define qpdf_oh_is_name_and_equals LIBQPDF_CALL(oh_is_name_and_equals)
#define qpdf_oh_is_string LIBQPDF_CALL(oh_is_string)
#define qpdf_oh_is_array LIBQPDF_CALL(oh_is_array)
#define qpdf_oh_is_dictionary LIBQPDF_CALL(oh_is_dictionary)
#define qpdf_oh_is_stream LIBQPDF_CALL(oh_is_stream)
#define qpdf_oh_get_int_value LIBQPDF_CALL(oh_get_int_value)
#define qpdf_oh_get_int_value_as_int LIBQPDF_CALL(oh_get_int_value_as_int)
#define qpdf_oh_get_numeric_value LIBQPDF_CALL(oh_get_numeric_value)
#define qpdf_oh_get_name LIBQPDF_CALL(oh_get_name)
#define qpdf_oh_get_utf8_value LIBQPDF_CALL(oh_get_utf8_value)
#define qpdf_oh_get_array_n_items LIBQPDF_CALL(oh_get_array_n_items)
#define qpdf_oh_get_array_item LIBQPDF_CALL(oh_get_array_item)
#define qpdf_oh_append_item LIBQPDF_CALL(oh_append_item)
#define qpdf_oh_erase_item LIBQPDF_CALL(oh_erase_item)
#define qpdf_oh_wrap_in_array LIBQPDF_CALL(oh_wrap_in_array)
#define qpdf_oh_has_key LIBQPDF_CALL(oh_has_key)
#define qpdf_oh_get_key LIBQPDF_CALL(oh_get_key)
#define qpdf_oh_get_key_if_dict LIBQPDF_CALL(oh_get_key_if_dict)
#define qpdf_oh_replace_key LIBQPDF_CALL(oh_replace_key)
#define qpdf_oh_remove_key LIBQPDF_CALL(oh_remove_key)
#define qpdf_oh_get_dict LIBQPDF_CALL(oh_get_dict)
#define qpdf_oh_get_stream_data LIBQPDF_CALL(oh_get_stream_data)
#define qpdf_oh_new_bool LIBQPDF_CALL(oh_new_bool)
#define qpdf_oh_new_integer LIBQPDF_CALL(oh_new_integer)
#define qpdf_oh_new_name LIBQPDF_CALL(oh_new_name)
#define qpdf_oh_new_string LIBQPDF_CALL(oh_new_string)
#define qpdf_oh_new_unicode_string LIBQPDF_CALL(oh_new_unicode_string)
#define qpdf_oh_new_binary_string LIBQPDF_CALL(oh_new_binary_string)
#define qpdf_oh_new_array LIBQPDF_CALL(oh_new_array)
#define qpdf_oh_new_dictionary LIBQPDF_CALL(oh_new_dictionary)

#endif
