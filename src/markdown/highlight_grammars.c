/*
 * highlight_grammars.c — the grammars of the highlighter, transcribed from
 * highlight.js 10.7.3 (see highlight.c for the engine that runs them).
 *
 * SPDX-License-Identifier: MIT
 */
#include "markdown/highlight_internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* ======================================================================
 * Grammars
 *
 * Each language transcribes the modes of highlight.js 10.7.3's
 * lib/languages/<name>.js: patterns in JavaScript regexp syntax, keyword
 * lists as they are. A mode with `variants` becomes one mode per variant
 * (highlight.js expands them the same way); hljs.inherit() copies become
 * separate modes.
 * ====================================================================== */

/* ---- shared modes (core.js MODES) ------------------------------------- */

#define IDENT_RE "[a-zA-Z]\\w*"
#define UNDERSCORE_IDENT_RE "[a-zA-Z_]\\w*"
#define NUMBER_RE "\\b\\d+(\\.\\d+)?"
#define C_NUMBER_RE \
	"(-?)(\\b0[xX][a-fA-F0-9]+|(\\b\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?)"
#define RE_STARTERS_RE \
	"!|!=|!==|%|%=|&|&&|&=|\\*|\\*=|\\+|\\+=|,|-|-=|/=|/|:|;|<<|<<=|<=|<|===|==|=|" \
	">>>=|>>=|>=|>>>|>>|>|\\?|\\[|\\{|\\(|\\^|\\^=|\\||\\|=|\\|\\||~"
#define SHEBANG_RE "^#![ ]*\\/"

static struct hl_mode backslash_escape = { .begin = "\\\\[\\s\\S]", .rel = R0 };
static struct hl_mode apos_string = {
	.cls = "string", .begin = "'", .end = "'", .illegal = "\\n",
	.contains = CONTAINS(&backslash_escape),
};
static struct hl_mode quote_string = {
	.cls = "string", .begin = "\"", .end = "\"", .illegal = "\\n",
	.contains = CONTAINS(&backslash_escape),
};
/* No class: it only adds relevance to comments written in English. */
static struct hl_mode phrasal_words = {
	.begin = "\\b(a|an|the|are|I'm|isn't|don't|doesn't|won't|but|just|should|pretty|simply|"
		 "enough|gonna|going|wtf|so|such|will|you|your|they|like|more)\\b",
};
static struct hl_mode doctag = {
	.cls = "doctag", .begin = "(?:TODO|FIXME|NOTE|BUG|OPTIMIZE|HACK|XXX):", .rel = R0,
};
/* hljs.COMMENT(begin, end): */
#define COMMENT_CONTAINS CONTAINS(&phrasal_words, &doctag)
static struct hl_mode c_line_comment = {
	.cls = "comment", .begin = "//", .end = "$", .contains = COMMENT_CONTAINS,
};
static struct hl_mode c_block_comment = {
	.cls = "comment", .begin = "/\\*", .end = "\\*/", .contains = COMMENT_CONTAINS,
};
static struct hl_mode hash_comment = {
	.cls = "comment", .begin = "#", .end = "$", .contains = COMMENT_CONTAINS,
};
static struct hl_mode number_mode = { .cls = "number", .begin = NUMBER_RE, .rel = R0 };
static struct hl_mode c_number_mode = { .cls = "number", .begin = C_NUMBER_RE, .rel = R0 };
static struct hl_mode css_number_mode = {
	.cls = "number", .rel = R0,
	.begin = NUMBER_RE "(%|em|ex|ch|rem|vw|vh|vmin|vmax|cm|mm|in|pt|pc|px|deg|grad|rad|turn|"
			   "s|ms|Hz|kHz|dpi|dpcm|dppx)?",
};
static struct hl_mode regexp_class = {
	.begin = "\\[", .end = "\\]", .rel = R0, .contains = CONTAINS(&backslash_escape),
};
static struct hl_mode regexp_body = {
	.cls = "regexp", .begin = "\\/", .end = "\\/[gimuy]*", .illegal = "\\n",
	.contains = CONTAINS(&backslash_escape, &regexp_class),
};
/* The outer mode makes sure a whole regexp follows, not `3 / x`. */
static struct hl_mode regexp_mode = {
	.begin = "(?=\\/[^/\\n]*\\/)", .contains = CONTAINS(&regexp_body),
};
static struct hl_mode title_mode = { .cls = "title", .begin = IDENT_RE, .rel = R0 };
static struct hl_mode underscore_title_mode = {
	.cls = "title", .begin = UNDERSCORE_IDENT_RE, .rel = R0,
};
static struct hl_mode shebang = {
	.cls = "meta", .begin = SHEBANG_RE, .end = "$", .rel = R0, .flags = HL_AT_START,
};

/* ---- bash (bash.js) --------------------------------------------------- */

static struct hl_mode bash_var, bash_braced_var, bash_var_default, bash_subst,
	bash_quote_string;
static struct hl_mode bash_var = {
	.cls = "variable",
	/* the lookaheads keep $ident$ and the like (not shell) out */
	.begin = "\\$[\\w\\d#@][\\w\\d_]*(?![\\w\\d])(?![$])",
};
static struct hl_mode bash_braced_var = {
	.cls = "variable", .begin = "\\$\\{", .end = "\\}",
	.contains = CONTAINS(HL_SELF, &bash_var_default),
};
static struct hl_mode bash_var_default = {   /* ${x:-default} */
	.begin = ":-", .contains = CONTAINS(&bash_var, &bash_braced_var),
};
static struct hl_mode bash_subst = {
	.cls = "subst", .begin = "\\$\\(", .end = "\\)",
	.contains = CONTAINS(&backslash_escape, &bash_quote_string),
};
static struct hl_mode bash_heredoc_word = {
	.cls = "string", .begin = "(\\w+)", .end = "(\\w+)", .flags = HL_SAME_END,
};
static struct hl_mode bash_heredoc_body = { .contains = CONTAINS(&bash_heredoc_word) };
static struct hl_mode bash_heredoc = {
	.begin = "<<-?\\s*(?=\\w+)", .starts = &bash_heredoc_body,
};
static struct hl_mode bash_quote_string = {
	.cls = "string", .begin = "\"", .end = "\"",
	.contains = CONTAINS(&backslash_escape, &bash_var, &bash_braced_var, &bash_subst),
};
static struct hl_mode bash_escaped_quote = { .begin = "\\\\\"" };
static struct hl_mode bash_apos_string = { .cls = "string", .begin = "'", .end = "'" };
static struct hl_mode bash_arith_number = { .cls = "number", .begin = "\\d+#[0-9a-f]+" };
static struct hl_mode bash_arithmetic = {
	.begin = "\\$\\(\\(", .end = "\\)\\)",
	.contains = CONTAINS(&bash_arith_number, &number_mode, &bash_var, &bash_braced_var),
};
static struct hl_mode bash_known_shebang = {
	.cls = "meta", .end = "$", .rel = 10, .flags = HL_AT_START,
	.begin = SHEBANG_RE ".*\\b(fish|bash|zsh|sh|csh|ksh|tcsh|dash|scsh)\\b.*",
};
static struct hl_mode bash_function_title = {
	.cls = "title", .begin = "\\w[\\w\\d_]*", .rel = R0,
};
static struct hl_mode bash_function = {
	.cls = "function", .begin = "\\w[\\w\\d_]*\\s*\\(\\s*\\)\\s*\\{",
	.flags = HL_RETURN_BEGIN, .rel = R0, .contains = CONTAINS(&bash_function_title),
};
static struct hl_keywords bash_keywords = {
	.pattern = "\\b[a-z._-]+\\b",
	.g = {
		{ "keyword", "if then else elif fi for while in do done case esac function" },
		{ "literal", "true false" },
		{ "built_in",
		  /* shell, bash, modifier and zsh built-ins */
		  "break cd continue eval exec exit export getopts hash pwd readonly return shift test times "
		  "trap umask unset "
		  "alias bind builtin caller command declare echo enable help let local logout mapfile printf "
		  "read readarray source type typeset ulimit unalias "
		  "set shopt "
		  "autoload bg bindkey bye cap chdir clone comparguments compcall compctl compdescribe compfiles "
		  "compgroups compquote comptags comptry compvalues dirs disable disown echotc echoti emulate "
		  "fc fg float functions getcap getln history integer jobs kill limit log noglob popd print "
		  "pushd pushln rehash sched setcap setopt stat suspend ttyctl unfunction unhash unlimit "
		  "unsetopt vared wait whence where which zcompile zformat zftp zle zmodload zparseopts zprof "
		  "zpty zregexparse zsocket zstyle ztcp" },
	},
};
static struct hl_mode bash_root = {
	.kw = &bash_keywords,
	.contains = CONTAINS(&bash_known_shebang, &shebang, &bash_function, &bash_arithmetic,
			     &hash_comment, &bash_heredoc, &bash_quote_string,
			     &bash_escaped_quote, &bash_apos_string, &bash_var, &bash_braced_var),
};
static const struct hl_language lang_bash = {
	.name = "bash", .aliases = "sh zsh",
	.root = &bash_root,
};

/* ---- json (json.js) --------------------------------------------------- */

static struct hl_keywords json_literals = { .g = { { "literal", "true false null" } } };
static struct hl_mode json_object, json_array;
#define JSON_TYPES &quote_string, &c_number_mode, &json_object, &json_array, \
	&c_line_comment, &c_block_comment
static struct hl_mode json_key = {
	.cls = "attr", .begin = "\"", .end = "\"", .illegal = "\\n",
	.contains = CONTAINS(&backslash_escape),
};
static struct hl_mode json_value = {
	.begin = ":", .end = ",", .flags = HL_ENDS_WITH_PARENT | HL_EXCLUDE_END,
	.kw = &json_literals, .contains = CONTAINS(JSON_TYPES),
};
static struct hl_mode json_array_value = {
	.end = ",", .flags = HL_ENDS_WITH_PARENT | HL_EXCLUDE_END,
	.kw = &json_literals, .contains = CONTAINS(JSON_TYPES),
};
static struct hl_mode json_object = {
	.begin = "\\{", .end = "\\}", .illegal = "\\S",
	.contains = CONTAINS(&json_key, &json_value, &c_line_comment, &c_block_comment),
};
static struct hl_mode json_array = {
	.begin = "\\[", .end = "\\]", .illegal = "\\S", .contains = CONTAINS(&json_array_value),
};
static struct hl_mode json_root = {
	.kw = &json_literals, .illegal = "\\S", .contains = CONTAINS(JSON_TYPES),
};
static const struct hl_language lang_json = {
	.name = "json", .aliases = "",
	.root = &json_root,
};

/* ---- yaml (yaml.js) --------------------------------------------------- */

/* The multi-line string [\|>]([1-9]?[+-])?[ ]*\n( +)[^ ][^\n]*\n(\2[^\n]+\n?)*
 * needs a backreference: the program matches up to the first line, and
 * the lines that start with the same indentation (group 2) are added here.
 * The regexp's tail can match empty, so every prefix match is a match. */
static bool yaml_block_hook(struct hl_ctx *x, const struct re_prog *p, size_t lo,
			    size_t hi, size_t from, size_t *cap)
{
	if (!re_run(x, x->vm, p, lo, hi, from, RE_SEARCH, cap))
		return false;
	const char *s = x->s;
	size_t ind = cap[4], n = cap[5] - cap[4], q = cap[1];
	while (q + n < hi && !memcmp(s + q, s + ind, n) && s[q + n] != '\n') {
		const char *nl = memchr(s + q + n, '\n', hi - q - n);
		size_t e = nl ? (size_t)(nl - s) + 1 : hi;
		x->steps += (e - q) / 8 + 1;
		q = e;
	}
	cap[1] = q;
	return true;
}

#define YAML_URI_CHARS "[\\w#;/?:@&=+$,.~*'()[\\]]+"
#define YAML_LITERALS "true false yes no null"

static struct hl_keywords yaml_literal_kw = { .g = { { "literal", YAML_LITERALS } } };
static struct hl_keywords yaml_keyword_kw = { .g = { { "keyword", YAML_LITERALS } } };
static struct hl_mode yaml_key1 = { .cls = "attr", .begin = "\\w[\\w :\\/.-]*:(?=[ \t]|$)" };
static struct hl_mode yaml_key2 = { .cls = "attr", .begin = "\"\\w[\\w :\\/.-]*\":(?=[ \t]|$)" };
static struct hl_mode yaml_key3 = { .cls = "attr", .begin = "'\\w[\\w :\\/.-]*':(?=[ \t]|$)" };
static struct hl_mode yaml_doc_start = { .cls = "meta", .begin = "^---\\s*$", .rel = 10 };
static struct hl_mode yaml_block_string = {
	.cls = "string", .begin = "[\\|>]([1-9]?[+-])?[ ]*\\n( +)[^ ][^\\n]*\\n",
	.hook = yaml_block_hook,
};
/* subLanguage ruby, which this highlighter lacks: its text stays plain */
static struct hl_mode yaml_erb = {
	.begin = "<%[%=-]?", .end = "[%-]?%>", .sublang = "ruby", .rel = R0,
	.flags = HL_EXCLUDE_BEGIN | HL_EXCLUDE_END,
};
static struct hl_mode yaml_tag1 = { .cls = "type", .begin = "!\\w+!" YAML_URI_CHARS };
static struct hl_mode yaml_tag2 = { .cls = "type", .begin = "!<" YAML_URI_CHARS ">" };
static struct hl_mode yaml_tag3 = { .cls = "type", .begin = "!" YAML_URI_CHARS };
static struct hl_mode yaml_tag4 = { .cls = "type", .begin = "!!" YAML_URI_CHARS };
static struct hl_mode yaml_anchor = { .cls = "meta", .begin = "&" UNDERSCORE_IDENT_RE "$" };
static struct hl_mode yaml_alias = { .cls = "meta", .begin = "\\*" UNDERSCORE_IDENT_RE "$" };
static struct hl_mode yaml_bullet = { .cls = "bullet", .begin = "-(?=[ ]|$)", .rel = R0 };
static struct hl_mode yaml_literal = { .begin_kw = YAML_LITERALS, .kw = &yaml_literal_kw };
static struct hl_mode yaml_timestamp = {
	.cls = "number",
	.begin = "\\b[0-9]{4}(-[0-9][0-9]){0,2}([Tt \\t][0-9][0-9]?(:[0-9][0-9]){2})?"
		 "(\\.[0-9]*)?([ \\t])*(Z|[-+][0-9][0-9]?(:[0-9][0-9])?)?\\b",
};
static struct hl_mode yaml_number = { .cls = "number", .begin = C_NUMBER_RE "\\b", .rel = R0 };
static struct hl_mode yaml_template_var1 = {
	.cls = "template-variable", .begin = "\\{\\{", .end = "\\}\\}",
};
static struct hl_mode yaml_template_var2 = {
	.cls = "template-variable", .begin = "%\\{", .end = "\\}",
};
#define YAML_STRING_CONTAINS CONTAINS(&backslash_escape, &yaml_template_var1, &yaml_template_var2)
static struct hl_mode yaml_string1 = {
	.cls = "string", .begin = "'", .end = "'", .rel = R0, .contains = YAML_STRING_CONTAINS,
};
static struct hl_mode yaml_string2 = {
	.cls = "string", .begin = "\"", .end = "\"", .rel = R0, .contains = YAML_STRING_CONTAINS,
};
static struct hl_mode yaml_string3 = {
	.cls = "string", .begin = "\\S+", .rel = R0, .contains = YAML_STRING_CONTAINS,
};
/* in flow collections a plain string stops at , { } [ ] */
static struct hl_mode yaml_container_string = {
	.cls = "string", .begin = "[^\\s,{}[\\]]+", .rel = R0, .contains = YAML_STRING_CONTAINS,
};
static struct hl_mode yaml_object, yaml_array;
#define YAML_COMMON &yaml_key1, &yaml_key2, &yaml_key3, &yaml_doc_start, &yaml_block_string, \
	&yaml_erb, &yaml_tag1, &yaml_tag2, &yaml_tag3, &yaml_tag4, &yaml_anchor, &yaml_alias, \
	&yaml_bullet, &hash_comment, &yaml_literal, &yaml_timestamp, &yaml_number, \
	&yaml_object, &yaml_array
static struct hl_mode yaml_value = {
	.end = ",", .flags = HL_ENDS_WITH_PARENT | HL_EXCLUDE_END, .rel = R0,
	.kw = &yaml_keyword_kw,
	.contains = CONTAINS(YAML_COMMON, &yaml_string1, &yaml_string2, &yaml_container_string),
};
static struct hl_mode yaml_object = {
	.begin = "\\{", .end = "\\}", .illegal = "\\n", .rel = R0,
	.contains = CONTAINS(&yaml_value),
};
static struct hl_mode yaml_array = {
	.begin = "\\[", .end = "\\]", .illegal = "\\n", .rel = R0,
	.contains = CONTAINS(&yaml_value),
};
static struct hl_mode yaml_root = {
	.contains = CONTAINS(YAML_COMMON, &yaml_string1, &yaml_string2, &yaml_string3),
};
static const struct hl_language lang_yaml = {
	.name = "yaml", .aliases = "yml",
	.ci = true, .root = &yaml_root,
};

/* ---- python (python.js) ----------------------------------------------- */

static struct hl_keywords python_keywords = {
	.pattern = "[A-Za-z]\\w+|__\\w+__",
	.g = {
		{ "keyword",
		  "and as assert async await break class continue def del elif else except finally for from "
		  "global if import in is lambda nonlocal|10 not or pass raise return try while with yield" },
		{ "built_in",
		  "__import__ abs all any ascii bin bool breakpoint bytearray bytes callable chr "
		  "classmethod compile complex delattr dict dir divmod enumerate eval exec filter float "
		  "format frozenset getattr globals hasattr hash help hex id input int isinstance "
		  "issubclass iter len list locals map max memoryview min next object oct open ord pow "
		  "print property range repr reversed round set setattr slice sorted staticmethod str sum "
		  "super tuple type vars zip" },
		{ "literal", "__debug__ Ellipsis False None NotImplemented True" },
		{ "type",
		  "Any Callable Coroutine Dict List Literal Generic Optional Sequence Set Tuple Type Union" },
	},
};
#define PY_DIGITPART "[0-9](_?[0-9])*"
#define PY_POINTFLOAT "(\\b(" PY_DIGITPART "))?\\.(" PY_DIGITPART ")|\\b(" PY_DIGITPART ")\\."
static struct hl_mode py_prompt = { .cls = "meta", .begin = "^(>>>|\\.\\.\\.) " };
static struct hl_mode py_num1 = {
	.cls = "number", .rel = R0,
	.begin = "(\\b(" PY_DIGITPART ")|(" PY_POINTFLOAT "))[eE][+-]?(" PY_DIGITPART ")[jJ]?\\b",
};
static struct hl_mode py_num2 = { .cls = "number", .rel = R0, .begin = "(" PY_POINTFLOAT ")[jJ]?" };
static struct hl_mode py_num3 = {
	.cls = "number", .rel = R0, .begin = "\\b([1-9](_?[0-9])*|0+(_?0)*)[lLjJ]?\\b",
};
static struct hl_mode py_num4 = {
	.cls = "number", .rel = R0, .begin = "\\b0[bB](_?[01])+[lL]?\\b",
};
static struct hl_mode py_num5 = {
	.cls = "number", .rel = R0, .begin = "\\b0[oO](_?[0-7])+[lL]?\\b",
};
static struct hl_mode py_num6 = {
	.cls = "number", .rel = R0, .begin = "\\b0[xX](_?[0-9a-fA-F])+[lL]?\\b",
};
static struct hl_mode py_num7 = {
	.cls = "number", .rel = R0, .begin = "\\b(" PY_DIGITPART ")[jJ]\\b",
};
#define PY_NUMBER &py_num1, &py_num2, &py_num3, &py_num4, &py_num5, &py_num6, &py_num7
static struct hl_mode py_literal_bracket = { .begin = "\\{\\{", .rel = R0 };
static struct hl_mode py_str1, py_str2, py_str3, py_str4, py_str5, py_str6, py_str7,
	py_str8, py_str9, py_str10;
#define PY_STRING &py_str1, &py_str2, &py_str3, &py_str4, &py_str5, &py_str6, &py_str7, \
	&py_str8, &py_str9, &py_str10, &apos_string, &quote_string
static struct hl_mode py_subst = {
	.cls = "subst", .begin = "\\{", .end = "\\}", .illegal = "#", .kw = &python_keywords,
	.contains = CONTAINS(PY_STRING, PY_NUMBER, &py_prompt),
};
#define PY_PREFIX "([uU]|[bB]|[rR]|[bB][rR]|[rR][bB])"
#define PY_FPREFIX "([fF][rR]|[rR][fF]|[fF])"
static struct hl_mode py_str1 = {
	.cls = "string", .begin = PY_PREFIX "?'''", .end = "'''", .rel = 10,
	.contains = CONTAINS(&backslash_escape, &py_prompt),
};
static struct hl_mode py_str2 = {
	.cls = "string", .begin = PY_PREFIX "?\"\"\"", .end = "\"\"\"", .rel = 10,
	.contains = CONTAINS(&backslash_escape, &py_prompt),
};
static struct hl_mode py_str3 = {
	.cls = "string", .begin = PY_FPREFIX "'''", .end = "'''",
	.contains = CONTAINS(&backslash_escape, &py_prompt, &py_literal_bracket, &py_subst),
};
static struct hl_mode py_str4 = {
	.cls = "string", .begin = PY_FPREFIX "\"\"\"", .end = "\"\"\"",
	.contains = CONTAINS(&backslash_escape, &py_prompt, &py_literal_bracket, &py_subst),
};
static struct hl_mode py_str5 = {
	.cls = "string", .begin = "([uU]|[rR])'", .end = "'", .rel = 10,
	.contains = CONTAINS(&backslash_escape),
};
static struct hl_mode py_str6 = {
	.cls = "string", .begin = "([uU]|[rR])\"", .end = "\"", .rel = 10,
	.contains = CONTAINS(&backslash_escape),
};
static struct hl_mode py_str7 = {
	.cls = "string", .begin = "([bB]|[bB][rR]|[rR][bB])'", .end = "'",
	.contains = CONTAINS(&backslash_escape),
};
static struct hl_mode py_str8 = {
	.cls = "string", .begin = "([bB]|[bB][rR]|[rR][bB])\"", .end = "\"",
	.contains = CONTAINS(&backslash_escape),
};
static struct hl_mode py_str9 = {
	.cls = "string", .begin = PY_FPREFIX "'", .end = "'",
	.contains = CONTAINS(&backslash_escape, &py_literal_bracket, &py_subst),
};
static struct hl_mode py_str10 = {
	.cls = "string", .begin = PY_FPREFIX "\"", .end = "\"",
	.contains = CONTAINS(&backslash_escape, &py_literal_bracket, &py_subst),
};
/* "# type:" comments hold type names: keywords, but no doctags */
static struct hl_mode py_type_comment_start = { .begin = "# type:" };
static struct hl_mode py_type_comment_rest = {
	.begin = "#", .end = "\\b\\B", .flags = HL_ENDS_WITH_PARENT,
};
static struct hl_mode py_type_comment = {
	.cls = "comment", .begin = "(?=# type:)", .end = "$", .kw = &python_keywords,
	.contains = CONTAINS(&py_type_comment_start, &py_type_comment_rest),
};
static struct hl_mode py_self = { .begin = "\\bself\\b" };
static struct hl_mode py_if = { .begin_kw = "if", .rel = R0 };
static struct hl_mode py_params_empty = { .begin = "\\(\\s*\\)", .flags = HL_SKIP };
static struct hl_mode py_params = {
	.cls = "params", .begin = "\\(", .end = "\\)", .kw = &python_keywords,
	.flags = HL_EXCLUDE_BEGIN | HL_EXCLUDE_END,
	.contains = CONTAINS(HL_SELF, &py_prompt, PY_NUMBER, PY_STRING, &hash_comment),
};
static struct hl_mode py_arrow = {
	.begin = "->", .flags = HL_ENDS_WITH_PARENT, .kw = &python_keywords,
};
#define PY_DEF_CONTAINS CONTAINS(&underscore_title_mode, &py_params_empty, &py_params, &py_arrow)
static struct hl_mode py_def = {
	.cls = "function", .begin_kw = "def", .end = ":", .illegal = "[${=;\\n,]",
	.contains = PY_DEF_CONTAINS,
};
static struct hl_mode py_class = {
	.cls = "class", .begin_kw = "class", .end = ":", .illegal = "[${=;\\n,]",
	.contains = PY_DEF_CONTAINS,
};
static struct hl_mode py_decorator = {
	.cls = "meta", .begin = "^[\\t ]*@", .end = "(?=#)|$",
	.contains = CONTAINS(PY_NUMBER, &py_params_empty, &py_params, PY_STRING),
};
static struct hl_mode python_root = {
	.kw = &python_keywords, .illegal = "(<\\/|->|\\?)|=>",
	.contains = CONTAINS(&py_prompt, PY_NUMBER, &py_self, &py_if, PY_STRING,
			     &py_type_comment, &hash_comment, &py_def, &py_class, &py_decorator),
};
static const struct hl_language lang_python = {
	.name = "python", .aliases = "py gyp ipython",
	.root = &python_root,
};

/* ---- shell session (shell.js) ----------------------------------------- */

static struct hl_mode shell_command = { .end = "[^\\\\](?=\\s*$)", .sublang = "bash" };
static struct hl_mode shell_prompt = {
	.cls = "meta", .begin = "^\\s{0,3}[/~\\w\\d[\\]()@-]*[>%$#]", .starts = &shell_command,
};
static struct hl_mode shell_root = { .contains = CONTAINS(&shell_prompt) };
static const struct hl_language lang_shell = {
	.name = "shell", .aliases = "console",
	.root = &shell_root,
};

/* ---- diff (diff.js) --------------------------------------------------- */

static struct hl_mode diff_meta1 = {
	.cls = "meta", .rel = 10, .begin = "^@@ +-\\d+,\\d+ +\\+\\d+,\\d+ +@@",
};
static struct hl_mode diff_meta2 = {
	.cls = "meta", .rel = 10, .begin = "^\\*\\*\\* +\\d+,\\d+ +\\*\\*\\*\\*$",
};
static struct hl_mode diff_meta3 = { .cls = "meta", .rel = 10, .begin = "^--- +\\d+,\\d+ +----$" };
static struct hl_mode diff_c1 = { .cls = "comment", .begin = "Index: ", .end = "$" };
static struct hl_mode diff_c2 = { .cls = "comment", .begin = "^index", .end = "$" };
static struct hl_mode diff_c3 = { .cls = "comment", .begin = "={3,}", .end = "$" };
static struct hl_mode diff_c4 = { .cls = "comment", .begin = "^-{3}", .end = "$" };
static struct hl_mode diff_c5 = { .cls = "comment", .begin = "^\\*{3} ", .end = "$" };
static struct hl_mode diff_c6 = { .cls = "comment", .begin = "^\\+{3}", .end = "$" };
static struct hl_mode diff_c7 = { .cls = "comment", .begin = "^\\*{15}$" };
static struct hl_mode diff_c8 = { .cls = "comment", .begin = "^diff --git", .end = "$" };
static struct hl_mode diff_add = { .cls = "addition", .begin = "^\\+", .end = "$" };
static struct hl_mode diff_del = { .cls = "deletion", .begin = "^-", .end = "$" };
static struct hl_mode diff_change = { .cls = "addition", .begin = "^!", .end = "$" };
static struct hl_mode diff_root = {
	.contains = CONTAINS(&diff_meta1, &diff_meta2, &diff_meta3, &diff_c1, &diff_c2, &diff_c3,
			     &diff_c4, &diff_c5, &diff_c6, &diff_c7, &diff_c8, &diff_add,
			     &diff_del, &diff_change),
};
static const struct hl_language lang_diff = {
	.name = "diff", .aliases = "patch",
	.root = &diff_root,
};

/* ---- go (go.js) ------------------------------------------------------- */

static struct hl_keywords go_keywords = {
	.g = {
		{ "keyword",
		  "break default func interface select case map struct chan else goto package switch "
		  "const fallthrough if range type continue for import return var go defer "
		  "bool byte complex64 complex128 float32 float64 int8 int16 int32 int64 string uint8 "
		  "uint16 uint32 uint64 int uint uintptr rune" },
		{ "literal", "true false iota nil" },
		{ "built_in",
		  "append cap close complex copy imag len make new panic print println real recover delete" },
	},
};
static struct hl_mode go_raw_string = { .cls = "string", .begin = "`", .end = "`" };
static struct hl_mode go_imaginary = { .cls = "number", .begin = C_NUMBER_RE "[i]", .rel = 1 };
static struct hl_mode go_assign = { .begin = ":=" };
static struct hl_mode go_params = {
	.cls = "params", .begin = "\\(", .end = "\\)", .kw = &go_keywords, .illegal = "[\"']",
};
static struct hl_mode go_func = {
	.cls = "function", .begin_kw = "func", .end = "\\s*(\\{|$)", .flags = HL_EXCLUDE_END,
	.contains = CONTAINS(&title_mode, &go_params),
};
static struct hl_mode go_root = {
	.kw = &go_keywords, .illegal = "</",
	.contains = CONTAINS(&c_line_comment, &c_block_comment, &quote_string, &apos_string,
			     &go_raw_string, &go_imaginary, &c_number_mode, &go_assign, &go_func),
};
static const struct hl_language lang_go = {
	.name = "go", .aliases = "golang",
	.root = &go_root,
};

/* ---- ini / toml (ini.js) ---------------------------------------------- */

static struct hl_mode ini_comment1 = {
	.cls = "comment", .begin = ";", .end = "$", .contains = COMMENT_CONTAINS,
};
static struct hl_mode ini_comment2 = {
	.cls = "comment", .begin = "#", .end = "$", .contains = COMMENT_CONTAINS,
};
static struct hl_mode ini_literal = {
	/* sic: only `on` and `no` are bounded by \b */
	.cls = "literal", .begin = "\\bon|off|true|false|yes|no\\b",
};
static struct hl_mode ini_var1 = { .cls = "variable", .begin = "\\$[\\w\\d\"][\\w\\d_]*" };
static struct hl_mode ini_var2 = { .cls = "variable", .begin = "\\$\\{(.*?)\\}" };
static struct hl_mode ini_str1 = {
	.cls = "string", .begin = "'''", .end = "'''", .rel = 10,
	.contains = CONTAINS(&backslash_escape),
};
static struct hl_mode ini_str2 = {
	.cls = "string", .begin = "\"\"\"", .end = "\"\"\"", .rel = 10,
	.contains = CONTAINS(&backslash_escape),
};
static struct hl_mode ini_str3 = {
	.cls = "string", .begin = "\"", .end = "\"", .contains = CONTAINS(&backslash_escape),
};
static struct hl_mode ini_str4 = {
	.cls = "string", .begin = "'", .end = "'", .contains = CONTAINS(&backslash_escape),
};
static struct hl_mode ini_num1 = { .cls = "number", .rel = R0, .begin = "([+-]+)?[\\d]+_[\\d_]+" };
static struct hl_mode ini_num2 = { .cls = "number", .rel = R0, .begin = NUMBER_RE };
#define INI_VALUES &ini_literal, &ini_var1, &ini_var2, &ini_str1, &ini_str2, &ini_str3, \
	&ini_str4, &ini_num1, &ini_num2
static struct hl_mode ini_array = {
	.begin = "\\[", .end = "\\]", .rel = R0,
	.contains = CONTAINS(&ini_comment1, &ini_comment2, INI_VALUES, HL_SELF),
};
static struct hl_mode ini_value = {
	.end = "$", .contains = CONTAINS(&ini_comment1, &ini_comment2, &ini_array, INI_VALUES),
};
static struct hl_mode ini_section = { .cls = "section", .begin = "\\[+", .end = "\\]+" };
#define INI_KEY "([A-Za-z0-9_-]+|\"(\\\\\"|[^\"])*\"|'[^']*')"
static struct hl_mode ini_key = {
	.cls = "attr", .begin = INI_KEY "(\\s*\\.\\s*" INI_KEY ")*(?=\\s*=\\s*[^#\\s])",
	.starts = &ini_value,
};
/* Every non-blank outside these is illegal: an INI file with a bare
 * line (an Ansible inventory) is shown plain, as highlight.js does. */
static struct hl_mode ini_root = {
	.illegal = "\\S",
	.contains = CONTAINS(&ini_comment1, &ini_comment2, &ini_section, &ini_key),
};
static const struct hl_language lang_ini = {
	.name = "ini", .aliases = "toml",
	.ci = true, .root = &ini_root,
};

/* ---- dockerfile (dockerfile.js) --------------------------------------- */

static struct hl_keywords dockerfile_keywords = {
	.g = { { "keyword", "from maintainer expose env arg user onbuild stopsignal" } },
};
static struct hl_mode dockerfile_shell = { .end = "[^\\\\]$", .sublang = "bash" };
static struct hl_mode dockerfile_run = {
	.begin_kw = "run cmd entrypoint volume add copy workdir label healthcheck shell",
	.starts = &dockerfile_shell,
};
static struct hl_mode dockerfile_root = {
	.kw = &dockerfile_keywords, .illegal = "</",
	.contains = CONTAINS(&hash_comment, &apos_string, &quote_string, &number_mode,
			     &dockerfile_run),
};
static const struct hl_language lang_dockerfile = {
	.name = "dockerfile", .aliases = "docker",
	.ci = true, .root = &dockerfile_root,
};

/* ---- xml / html (xml.js) ---------------------------------------------- */

#define XML_TAG_NAME "[A-Z_]([A-Z0-9_.-]*:)?[A-Z0-9_.-]*"
static struct hl_mode xml_entity = {
	.cls = "symbol", .begin = "&[a-z]+;|&#[0-9]+;|&#x[a-f0-9]+;",
};
static struct hl_mode xml_meta_word = {
	.cls = "meta-keyword", .begin = "#?[a-z_][a-z1-9_-]+", .illegal = "\\n",
};
static struct hl_mode xml_meta_kw = { .begin = "\\s", .contains = CONTAINS(&xml_meta_word) };
static struct hl_mode xml_meta_par_kw = {
	.begin = "\\(", .end = "\\)", .contains = CONTAINS(&xml_meta_word),
};
static struct hl_mode xml_meta_apos = {
	.cls = "meta-string", .begin = "'", .end = "'", .illegal = "\\n",
	.contains = CONTAINS(&backslash_escape),
};
static struct hl_mode xml_meta_quote = {
	.cls = "meta-string", .begin = "\"", .end = "\"", .illegal = "\\n",
	.contains = CONTAINS(&backslash_escape),
};
static struct hl_mode xml_doctype_inner = {
	.cls = "meta", .begin = "<![a-z]", .end = ">",
	.contains = CONTAINS(&xml_meta_kw, &xml_meta_par_kw, &xml_meta_quote, &xml_meta_apos),
};
static struct hl_mode xml_doctype_subset = {
	.begin = "\\[", .end = "\\]", .contains = CONTAINS(&xml_doctype_inner),
};
static struct hl_mode xml_doctype = {
	.cls = "meta", .begin = "<![a-z]", .end = ">", .rel = 10,
	.contains = CONTAINS(&xml_meta_kw, &xml_meta_quote, &xml_meta_apos, &xml_meta_par_kw,
			     &xml_doctype_subset),
};
static struct hl_mode xml_comment = {
	.cls = "comment", .begin = "<!--", .end = "-->", .rel = 10, .contains = COMMENT_CONTAINS,
};
static struct hl_mode xml_cdata = { .begin = "<!\\[CDATA\\[", .end = "\\]\\]>", .rel = 10 };
static struct hl_mode xml_pi = { .cls = "meta", .begin = "<\\?xml", .end = "\\?>", .rel = 10 };
static struct hl_mode xml_attr = { .cls = "attr", .begin = "[A-Za-z0-9._:-]+", .rel = R0 };
static struct hl_mode xml_value1 = {
	.cls = "string", .begin = "\"", .end = "\"", .flags = HL_ENDS_PARENT,
	.contains = CONTAINS(&xml_entity),
};
static struct hl_mode xml_value2 = {
	.cls = "string", .begin = "'", .end = "'", .flags = HL_ENDS_PARENT,
	.contains = CONTAINS(&xml_entity),
};
static struct hl_mode xml_value3 = {
	.cls = "string", .begin = "[^\\s\"'=<>`]+", .flags = HL_ENDS_PARENT,
};
static struct hl_mode xml_eq = {
	.begin = "=\\s*", .rel = R0, .contains = CONTAINS(&xml_value1, &xml_value2, &xml_value3),
};
static struct hl_mode xml_tag_internals = {
	.flags = HL_ENDS_WITH_PARENT, .illegal = "<", .rel = R0,
	.contains = CONTAINS(&xml_attr, &xml_eq),
};
static struct hl_keywords xml_style_kw = { .g = { { "name", "style" } } };
static struct hl_keywords xml_script_kw = { .g = { { "name", "script" } } };
/* highlightAuto() among these; handlebars is not in this highlighter */
static struct hl_mode xml_style_body = {
	.end = "<\\/style>", .flags = HL_RETURN_END, .sublang = "css xml",
};
static struct hl_mode xml_script_body = {
	.end = "<\\/script>", .flags = HL_RETURN_END, .sublang = "javascript handlebars xml",
};
static struct hl_mode xml_style = {
	.cls = "tag", .begin = "<style(?=\\s|>)", .end = ">", .kw = &xml_style_kw,
	.contains = CONTAINS(&xml_tag_internals), .starts = &xml_style_body,
};
static struct hl_mode xml_script = {
	.cls = "tag", .begin = "<script(?=\\s|>)", .end = ">", .kw = &xml_script_kw,
	.contains = CONTAINS(&xml_tag_internals), .starts = &xml_script_body,
};
static struct hl_mode xml_fragment = { .cls = "tag", .begin = "<>|<\\/>" };
static struct hl_mode xml_open_name = {
	.cls = "name", .begin = XML_TAG_NAME, .rel = R0, .starts = &xml_tag_internals,
};
static struct hl_mode xml_open = {
	.cls = "tag", .begin = "<(?=" XML_TAG_NAME "(\\/>|>|\\s))", .end = "\\/?>",
	.contains = CONTAINS(&xml_open_name),
};
static struct hl_mode xml_close_name = { .cls = "name", .begin = XML_TAG_NAME, .rel = R0 };
static struct hl_mode xml_close_gt = { .begin = ">", .rel = R0, .flags = HL_ENDS_PARENT };
static struct hl_mode xml_close = {
	.cls = "tag", .begin = "<\\/(?=" XML_TAG_NAME ">)",
	.contains = CONTAINS(&xml_close_name, &xml_close_gt),
};
static struct hl_mode xml_root = {
	.contains = CONTAINS(&xml_doctype, &xml_comment, &xml_cdata, &xml_entity, &xml_pi,
			     &xml_style, &xml_script, &xml_fragment, &xml_open, &xml_close),
};
static const struct hl_language lang_xml = {
	.name = "xml", .aliases = "html xhtml rss atom xjb xsd xsl plist wsf svg",
	.ci = true, .root = &xml_root,
};

/* ---- javascript (javascript.js) and typescript (typescript.js) -------- */

#define JS_IDENT "[A-Za-z$_][0-9A-Za-z$_]*"
#define JS_KEYWORDS \
	"as in of if for while finally var new function do return void else break catch " \
	"instanceof with throw case default try switch continue typeof delete let yield const " \
	"class debugger async await static import from export extends"
#define JS_BUILT_INS \
	"setInterval setTimeout clearInterval clearTimeout require exports eval isFinite isNaN " \
	"parseFloat parseInt decodeURI decodeURIComponent encodeURI encodeURIComponent escape " \
	"unescape arguments this super console window document localStorage module global Intl " \
	"DataView Number Math Date String RegExp Object Function Boolean Error Symbol Set Map " \
	"WeakSet WeakMap Proxy Reflect JSON Promise Float64Array Int16Array Int32Array Int8Array " \
	"Uint16Array Uint32Array Float32Array Array Uint8Array Uint8ClampedArray ArrayBuffer " \
	"BigInt64Array BigUint64Array BigInt EvalError InternalError RangeError ReferenceError " \
	"SyntaxError TypeError URIError"
static struct hl_keywords js_keywords = {
	.pattern = JS_IDENT,
	.g = {
		{ "keyword", JS_KEYWORDS },
		{ "literal", "true false null undefined NaN Infinity" },
		{ "built_in", JS_BUILT_INS },
	},
};
/* typescript.js assigns its lists into the very object every JavaScript
 * mode shares, so all of them see these in TypeScript (lang->kw_to). */
static struct hl_keywords ts_keywords = {
	.pattern = JS_IDENT,
	.g = {
		{ "keyword", JS_KEYWORDS " type namespace typedef interface public private "
			     "protected implements declare abstract readonly" },
		{ "literal", "true false null undefined NaN Infinity" },
		{ "built_in", JS_BUILT_INS " any void number boolean string object never enum" },
	},
};
static struct hl_keywords js_value_kw = { .g = { { "keyword", "return throw case" } } };
static struct hl_keywords js_getset_kw = { .g = { { "keyword", "get set" } } };

static struct hl_mode js_subst, js_subst_braces, js_html_template, js_css_template,
	js_template_string, js_paren;
#define JS_DIGITS "[0-9](_?[0-9])*"
#define JS_FRAC "\\.(" JS_DIGITS ")"
#define JS_DECIMAL "0|[1-9](_?[0-9])*|0[0-7]*[89][0-9]*"
static struct hl_mode js_num1 = {
	.cls = "number", .rel = R0,
	.begin = "(\\b(" JS_DECIMAL ")((" JS_FRAC ")|\\.)?|(" JS_FRAC "))[eE][+-]?(" JS_DIGITS ")\\b",
};
static struct hl_mode js_num2 = {
	.cls = "number", .rel = R0,
	.begin = "\\b(" JS_DECIMAL ")\\b((" JS_FRAC ")\\b|\\.)?|(" JS_FRAC ")\\b",
};
static struct hl_mode js_num3 = {
	.cls = "number", .rel = R0, .begin = "\\b(0|[1-9](_?[0-9])*)n\\b",
};
static struct hl_mode js_num4 = {
	.cls = "number", .rel = R0, .begin = "\\b0[xX][0-9a-fA-F](_?[0-9a-fA-F])*n?\\b",
};
static struct hl_mode js_num5 = {
	.cls = "number", .rel = R0, .begin = "\\b0[bB][0-1](_?[0-1])*n?\\b",
};
static struct hl_mode js_num6 = {
	.cls = "number", .rel = R0, .begin = "\\b0[oO][0-7](_?[0-7])*n?\\b",
};
static struct hl_mode js_num7 = { .cls = "number", .rel = R0, .begin = "\\b0[0-7]+n?\\b" };
#define JS_NUMBER &js_num1, &js_num2, &js_num3, &js_num4, &js_num5, &js_num6, &js_num7
#define JS_SUBST_INTERNALS &apos_string, &quote_string, &js_html_template, &js_css_template, \
	&js_template_string, JS_NUMBER, &regexp_mode
static struct hl_mode js_subst = {
	.cls = "subst", .begin = "\\$\\{", .end = "\\}", .kw = &js_keywords,
	.contains = CONTAINS(JS_SUBST_INTERNALS, &js_subst_braces),
};
static struct hl_mode js_subst_braces = {
	.begin = "\\{", .end = "\\}", .kw = &js_keywords,
	.contains = CONTAINS(HL_SELF, JS_SUBST_INTERNALS),
};
/* html`...` and css`...` templates hold HTML and CSS */
static struct hl_mode js_html_body = {
	.end = "`", .sublang = "xml", .contains = CONTAINS(&backslash_escape, &js_subst),
};
static struct hl_mode js_html_template = { .begin = "html`", .starts = &js_html_body };
static struct hl_mode js_css_body = {
	.end = "`", .sublang = "css", .contains = CONTAINS(&backslash_escape, &js_subst),
};
static struct hl_mode js_css_template = { .begin = "css`", .starts = &js_css_body };
static struct hl_mode js_template_string = {
	.cls = "string", .begin = "`", .end = "`",
	.contains = CONTAINS(&backslash_escape, &js_subst),
};
static struct hl_mode jsdoc_type = { .cls = "type", .begin = "\\{", .end = "\\}", .rel = R0 };
static struct hl_mode jsdoc_variable = {
	.cls = "variable", .begin = JS_IDENT "(?=\\s*(-)|$)", .flags = HL_ENDS_PARENT, .rel = R0,
};
static struct hl_mode jsdoc_space = { .begin = "(?=[^\\n])\\s", .rel = R0 };
static struct hl_mode jsdoc_tag = {
	.cls = "doctag", .begin = "@[A-Za-z]+",
	.contains = CONTAINS(&jsdoc_type, &jsdoc_variable, &jsdoc_space),
};
static struct hl_mode jsdoc_comment = {
	.cls = "comment", .begin = "\\/\\*\\*(?!\\/)", .end = "\\*/", .rel = R0,
	.contains = CONTAINS(&jsdoc_tag, &phrasal_words, &doctag),
};
#define JS_COMMENT &jsdoc_comment, &c_block_comment, &c_line_comment
#define JS_SUBST_AND_COMMENTS JS_COMMENT, JS_SUBST_INTERNALS, &js_subst_braces
static struct hl_mode js_paren = {
	.begin = "\\(", .end = "\\)", .kw = &js_keywords,
	.contains = CONTAINS(HL_SELF, JS_SUBST_AND_COMMENTS),
};
static struct hl_mode ts_decorator = { .cls = "meta", .begin = "@" JS_IDENT, .only = "typescript" };
#define JS_PARAMS_CONTAINS JS_SUBST_AND_COMMENTS, &js_paren, &ts_decorator
static struct hl_mode js_params = {
	.cls = "params", .begin = "\\(", .end = "\\)", .kw = &js_keywords,
	.flags = HL_EXCLUDE_BEGIN | HL_EXCLUDE_END, .contains = CONTAINS(JS_PARAMS_CONTAINS),
};
static struct hl_mode js_attr = { .cls = "attr", .begin = JS_IDENT "(?=\\s*:)", .rel = R0 };
static struct hl_mode js_attr_container = {
	/* an object key after { , or a newline, past any comments */
	.begin = "[{,\\n]\\s*(?=(((\\/\\/.*$)|(\\/\\*(\\*[^/]|[^*])*\\*\\/))\\s*)*" JS_IDENT "\\s*:)",
	.rel = R0, .contains = CONTAINS(&js_attr),
};
#define JS_PARENS3 "\\([^()]*(\\([^()]*(\\([^()]*\\)[^()]*)*\\)[^()]*)*\\)"
static struct hl_mode js_arrow_param1 = {
	.cls = "params", .begin = UNDERSCORE_IDENT_RE, .rel = R0,
};
static struct hl_mode js_arrow_param2 = { .begin = "\\(\\s*\\)", .flags = HL_SKIP };
static struct hl_mode js_arrow_param3 = {
	.cls = "params", .begin = "\\(", .end = "\\)", .kw = &js_keywords,
	.flags = HL_EXCLUDE_BEGIN | HL_EXCLUDE_END, .contains = CONTAINS(JS_PARAMS_CONTAINS),
};
static struct hl_mode js_arrow = {
	.cls = "function", .begin = "(" JS_PARENS3 "|" UNDERSCORE_IDENT_RE ")\\s*=>",
	.flags = HL_RETURN_BEGIN, .end = "\\s*=>",
	.contains = CONTAINS(&js_arrow_param1, &js_arrow_param2, &js_arrow_param3),
};
static struct hl_mode js_comma = { .begin = ",", .rel = R0 };
static struct hl_mode js_space = { .begin = "\\s", .end = "\\s*", .flags = HL_SKIP };
#define JSX_TAG_BEGIN "<[A-Za-z0-9\\\\._:-]+"
#define JSX_TAG_END "\\/[A-Za-z0-9\\\\._:-]+>|\\/>"
static struct hl_mode jsx_inner = {
	.begin = JSX_TAG_BEGIN, .end = JSX_TAG_END, .flags = HL_SKIP, .contains = CONTAINS(HL_SELF),
};
static struct hl_mode jsx_fragment = {
	.begin = "<>", .end = "</>", .sublang = "xml", .contains = CONTAINS(&jsx_inner),
};
static struct hl_mode jsx_element = {
	.begin = JSX_TAG_BEGIN, .end = JSX_TAG_END, .sublang = "xml", .flags = HL_JSX_TAG,
	.contains = CONTAINS(&jsx_inner),
};
/* after an operator or return: regexps, arrow functions, JSX */
static struct hl_mode js_value = {
	.begin = "(" RE_STARTERS_RE "|\\b(case|return|throw)\\b)\\s*", .kw = &js_value_kw,
	.rel = R0,
	.contains = CONTAINS(JS_COMMENT, &regexp_mode, &js_arrow, &js_comma, &js_space,
			     &jsx_fragment, &jsx_element),
};
static struct hl_mode js_title = { .cls = "title", .begin = JS_IDENT, .rel = R0 };
static struct hl_mode js_function = {
	.cls = "function", .begin_kw = "function", .end = "[{;]", .flags = HL_EXCLUDE_END,
	.kw = &js_keywords, .illegal = "%",
	.contains = CONTAINS(HL_SELF, &js_title, &js_params),
};
static struct hl_mode js_control = { .begin_kw = "while if switch catch for" };
static struct hl_mode js_call_def = {
	.cls = "function", .begin = UNDERSCORE_IDENT_RE JS_PARENS3 "\\s*\\{",
	.flags = HL_RETURN_BEGIN, .contains = CONTAINS(&js_params, &js_title),
};
static struct hl_mode js_member = { .begin = "\\." JS_IDENT, .rel = R0 };
static struct hl_mode js_dollar_ident = { .begin = "\\$" JS_IDENT, .rel = R0 };
static struct hl_mode js_extends = { .begin_kw = "extends" };
static struct hl_mode js_class = {
	.cls = "class", .begin_kw = "class", .end = "[{;=]", .flags = HL_EXCLUDE_END,
	.illegal = "[:\"[\\]]", .contains = CONTAINS(&js_extends, &underscore_title_mode),
};
static struct hl_mode js_constructor = {
	.begin = "\\b(?=constructor)", .end = "[{;]", .flags = HL_EXCLUDE_END,
	.contains = CONTAINS(&js_title, HL_SELF, &js_params),
};
static struct hl_mode js_empty_parens = { .begin = "\\(\\)" };
static struct hl_mode js_getset = {
	.begin = "(get|set)\\s+(?=" JS_IDENT "\\()", .end = "\\{", .kw = &js_getset_kw,
	.contains = CONTAINS(&js_title, &js_empty_parens, &js_params),
};
static struct hl_mode js_jquery = { .begin = "\\$[(.]" };
static struct hl_mode js_shebang = {
	.cls = "meta", .begin = SHEBANG_RE ".*\\bnode\\b.*", .end = "$", .rel = 5,
	.flags = HL_AT_START,
};
static struct hl_mode js_use_strict = {
	.cls = "meta", .rel = 10, .begin = "^\\s*['\"]use (strict|asm)['\"]",
};
#define JS_BODY &apos_string, &quote_string, &js_html_template, &js_css_template, \
	&js_template_string, JS_COMMENT, JS_NUMBER, &js_attr_container, &js_value, \
	&js_function, &js_control, &js_call_def, &js_member, &js_dollar_ident, &js_class, \
	&js_constructor, &js_getset, &js_jquery
static struct hl_mode js_root = {
	.kw = &js_keywords, .illegal = "#(?![$_A-z])",
	.contains = CONTAINS(&js_shebang, &js_use_strict, JS_BODY),
};
static const struct hl_language lang_javascript = {
	.name = "javascript", .aliases = "js jsx mjs cjs",
	.root = &js_root,
};

static struct hl_keywords ts_interface_kw = { .g = { { "keyword", "interface extends" } } };
static struct hl_mode ts_use_strict = {
	.cls = "meta", .rel = 10, .begin = "^\\s*['\"]use strict['\"]",
};
static struct hl_mode ts_namespace = {
	.begin_kw = "namespace", .end = "\\{", .flags = HL_EXCLUDE_END,
};
static struct hl_mode ts_interface = {
	.begin_kw = "interface", .end = "\\{", .flags = HL_EXCLUDE_END, .kw = &ts_interface_kw,
};
static struct hl_mode ts_root = {
	.kw = &js_keywords, .illegal = "#(?![$_A-z])",
	.contains = CONTAINS(&shebang, &ts_use_strict, JS_BODY, &ts_decorator, &ts_namespace,
			     &ts_interface),
};
static const struct hl_language lang_typescript = {
	.name = "typescript", .aliases = "ts tsx",
	.root = &ts_root, .kw_from = &js_keywords, .kw_to = &ts_keywords,
};

/* ---- css (css.js) ----------------------------------------------------- */

#define CSS_TAGS \
	"a abbr address article aside audio b blockquote body button canvas caption cite code " \
	"dd del details dfn div dl dt em fieldset figcaption figure footer form h1 h2 h3 h4 h5 " \
	"h6 header hgroup html i iframe img input ins kbd label legend li main mark menu nav " \
	"object ol p q quote samp section span strong summary sup table tbody td textarea tfoot " \
	"th thead time tr ul var video"

#define CSS_MEDIA_FEATURES \
	"any-hover any-pointer aspect-ratio color color-gamut color-index device-aspect-ratio " \
	"device-height device-width display-mode forced-colors grid height hover " \
	"inverted-colors monochrome orientation overflow-block overflow-inline pointer " \
	"prefers-color-scheme prefers-contrast prefers-reduced-motion " \
	"prefers-reduced-transparency resolution scan scripting update width min-width " \
	"max-width min-height max-height"

#define CSS_PSEUDO_CLASSES \
	"active any-link blank checked current default defined dir disabled drop empty enabled " \
	"first first-child first-of-type fullscreen future focus focus-visible focus-within has " \
	"host host-context hover indeterminate in-range invalid is lang last-child last-of-type " \
	"left link local-link not nth-child nth-col nth-last-child nth-last-col " \
	"nth-last-of-type nth-of-type only-child only-of-type optional out-of-range past " \
	"placeholder-shown read-only read-write required right root scope target target-within " \
	"user-invalid valid visited where"

#define CSS_PSEUDO_ELEMENTS \
	"after backdrop before cue cue-region first-letter first-line grammar-error marker part " \
	"placeholder selection slotted spelling-error"

#define CSS_ATTRIBUTES \
	"z-index word-wrap word-spacing word-break width widows white-space visibility " \
	"vertical-align unicode-bidi transition-timing-function transition-property " \
	"transition-duration transition-delay transition transform-style transform-origin " \
	"transform top text-underline-position text-transform text-shadow text-rendering " \
	"text-overflow text-indent text-decoration-style text-decoration-line " \
	"text-decoration-color text-decoration text-align-last text-align table-layout tab-size " \
	"src right resize quotes position pointer-events perspective-origin perspective " \
	"page-break-inside page-break-before page-break-after padding-top padding-right " \
	"padding-left padding-bottom padding overflow-y overflow-x overflow-wrap overflow " \
	"outline-width outline-style outline-offset outline-color outline orphans order opacity " \
	"object-position object-fit normal none nav-up nav-right nav-left nav-index nav-down " \
	"min-width min-height max-width max-height mask marks margin-top margin-right " \
	"margin-left margin-bottom margin list-style-type list-style-position list-style-image " \
	"list-style line-height letter-spacing left justify-content initial inherit ime-mode " \
	"image-resolution image-rendering image-orientation icon hyphens height font-weight " \
	"font-variation-settings font-variant-ligatures font-variant font-style font-stretch " \
	"font-smoothing font-size-adjust font-size font-language-override font-kerning " \
	"font-feature-settings font-family font-display font float flex-wrap flex-shrink " \
	"flex-grow flex-flow flex-direction flex-basis flex filter empty-cells display " \
	"direction cursor counter-reset counter-increment content columns column-width " \
	"column-span column-rule-width column-rule-style column-rule-color column-rule " \
	"column-gap column-fill column-count color clip-path clip clear caption-side " \
	"break-inside break-before break-after box-sizing box-shadow box-decoration-break " \
	"bottom border-width border-top-width border-top-style border-top-right-radius " \
	"border-top-left-radius border-top-color border-top border-style border-spacing " \
	"border-right-width border-right-style border-right-color border-right border-radius " \
	"border-left-width border-left-style border-left-color border-left border-image-width " \
	"border-image-source border-image-slice border-image-repeat border-image-outset " \
	"border-image border-color border-collapse border-bottom-width border-bottom-style " \
	"border-bottom-right-radius border-bottom-left-radius border-bottom-color border-bottom " \
	"border background-size background-repeat background-position background-origin " \
	"background-image background-color background-clip background-attachment background " \
	"backface-visibility auto animation-timing-function animation-play-state animation-name " \
	"animation-iteration-count animation-fill-mode animation-duration animation-direction " \
	"animation-delay animation align-self align-items align-content"

static struct hl_keywords css_keywords = {
	/* keyframePosition, renamed by classNameAliases */
	.g = { { "selector-tag", "from to" } },
};
static struct hl_keywords css_url_kw = { .g = { { "built_in", "url data-uri" } } };
static struct hl_keywords css_at_kw = {
	.pattern = "[a-z-]+",
	.g = { { "keyword", "and or not only" }, { "attribute", CSS_MEDIA_FEATURES } },
};
static struct hl_mode css_vendor_prefix = { .begin = "-(webkit|moz|ms|o)-(?=[a-z])" };
static struct hl_mode css_id = { .cls = "selector-id", .begin = "#[A-Za-z0-9_-]+", .rel = R0 };
static struct hl_mode css_class = {
	.cls = "selector-class", .begin = "\\.[a-zA-Z-][a-zA-Z0-9_-]*", .rel = R0,
};
static struct hl_mode css_attr_selector = {
	.cls = "selector-attr", .begin = "\\[", .end = "\\]", .illegal = "$",
	.contains = CONTAINS(&apos_string, &quote_string),
};
static struct hl_mode css_pseudo_class = {
	.cls = "selector-pseudo", .begin = ":(%s)", .words = CSS_PSEUDO_CLASSES,
};
static struct hl_mode css_pseudo_element = {
	.cls = "selector-pseudo", .begin = "::(%s)", .words = CSS_PSEUDO_ELEMENTS,
};
static struct hl_mode css_property = {
	.cls = "attribute", .begin = "\\b(%s)\\b", .words = CSS_ATTRIBUTES,
};
static struct hl_mode css_hexcolor = {
	.cls = "number", .begin = "#([a-fA-F0-9]{6}|[a-fA-F0-9]{3})",
};
static struct hl_mode css_important = { .cls = "meta", .begin = "!important" };
/* url(...): anything up to the ) is a string */
static struct hl_mode css_url_string = {
	.cls = "string", .begin = "[^)]", .flags = HL_ENDS_WITH_PARENT | HL_EXCLUDE_END,
};
static struct hl_mode css_url = {
	.begin = "(url|data-uri)\\(", .end = "\\)", .rel = R0, .kw = &css_url_kw,
	.contains = CONTAINS(&css_url_string),
};
static struct hl_mode css_function = { .cls = "built_in", .begin = "[\\w-]+(?=\\()" };
static struct hl_mode css_value = {
	.begin = ":", .end = "[;}]",
	.contains = CONTAINS(&css_hexcolor, &css_important, &css_number_mode, &apos_string,
			     &quote_string, &css_url, &css_function),
};
static struct hl_mode css_at_name = { .cls = "keyword", .begin = "@-?\\w[\\w]*(-\\w+)*" };
static struct hl_mode css_at_feature = { .cls = "attribute", .begin = "[a-z-]+(?=:)" };
static struct hl_mode css_at_prelude = {
	.begin = "\\s", .flags = HL_ENDS_WITH_PARENT | HL_EXCLUDE_END, .rel = R0, .kw = &css_at_kw,
	.contains = CONTAINS(&css_at_feature, &apos_string, &quote_string, &css_number_mode),
};
static struct hl_mode css_at_rule = {
	.begin = "(?=@)", .end = "[{;]", .rel = R0, .illegal = ":",
	.contains = CONTAINS(&css_at_name, &css_at_prelude),
};
static struct hl_mode css_tag = { .cls = "selector-tag", .begin = "\\b(%s)\\b", .words = CSS_TAGS };
static struct hl_mode css_root = {
	.kw = &css_keywords, .illegal = "[=|'\\$]",
	.contains = CONTAINS(&c_block_comment, &css_vendor_prefix, &css_number_mode, &css_id,
			     &css_class, &css_attr_selector, &css_pseudo_class, &css_pseudo_element,
			     &css_property, &css_value, &css_at_rule, &css_tag),
};
static const struct hl_language lang_css = {
	.name = "css", .aliases = "",
	.ci = true, .root = &css_root,
};

/* ---- c (c.js) and cpp (cpp.js) ---------------------------------------- */

/* C++ shares C's modes; its extra rules carry .only = "cpp". */
static struct hl_keywords c_keywords = {
	.g = {
		{ "keyword",
		  "int float while private char char8_t char16_t char32_t catch import module export "
		  "virtual operator sizeof dynamic_cast|10 typedef const_cast|10 const for static_cast|10 "
		  "union namespace unsigned long volatile static protected bool template mutable if public "
		  "friend do goto auto void enum else break extern using asm case typeid wchar_t short "
		  "reinterpret_cast|10 default double register explicit signed typename try this switch "
		  "continue inline delete alignas alignof constexpr consteval constinit decltype concept "
		  "co_await co_return co_yield requires noexcept static_assert thread_local restrict final "
		  "override atomic_bool atomic_char atomic_schar atomic_uchar atomic_short atomic_ushort "
		  "atomic_int atomic_uint atomic_long atomic_ulong atomic_llong atomic_ullong new throw "
		  "return and and_eq bitand bitor compl not not_eq or or_eq xor xor_eq" },
		{ "built_in",
		  "std string wstring cin cout cerr clog stdin stdout stderr stringstream istringstream "
		  "ostringstream auto_ptr deque list queue stack vector map set pair bitset multiset "
		  "multimap unordered_set unordered_map unordered_multiset unordered_multimap "
		  "priority_queue make_pair array shared_ptr abort terminate abs acos asin atan2 atan "
		  "calloc ceil cosh cos exit exp fabs floor fmod fprintf fputs free frexp fscanf future "
		  "isalnum isalpha iscntrl isdigit isgraph islower isprint ispunct isspace isupper isxdigit "
		  "tolower toupper labs ldexp log10 log malloc realloc memchr memcmp memcpy memset modf pow "
		  "printf putchar puts scanf sinh sin snprintf sprintf sqrt sscanf strcat strchr strcmp "
		  "strcpy strcspn strlen strncat strncmp strncpy strpbrk strrchr strspn strstr tanh tan "
		  "vfprintf vprintf vsprintf endl initializer_list unique_ptr _Bool complex _Complex "
		  "imaginary _Imaginary" },
		{ "literal", "true false nullptr NULL" },
	},
};
static struct hl_keywords cpp_keywords = {
	.g = {
		{ "keyword",
		  "int float while private char char8_t char16_t char32_t catch import module export "
		  "virtual operator sizeof dynamic_cast|10 typedef const_cast|10 const for static_cast|10 "
		  "union namespace unsigned long volatile static protected bool template mutable if public "
		  "friend do goto auto void enum else break extern using asm case typeid wchar_t short "
		  "reinterpret_cast|10 default double register explicit signed typename try this switch "
		  "continue inline delete alignas alignof constexpr consteval constinit decltype concept "
		  "co_await co_return co_yield requires noexcept static_assert thread_local restrict final "
		  "override atomic_bool atomic_char atomic_schar atomic_uchar atomic_short atomic_ushort "
		  "atomic_int atomic_uint atomic_long atomic_ulong atomic_llong atomic_ullong new throw "
		  "return and and_eq bitand bitor compl not not_eq or or_eq xor xor_eq" },
		{ "built_in", "_Bool _Complex _Imaginary" },
		{ NULL,         /* _relevance_hints: no class */
		  "asin atan2 atan calloc ceil cosh cos exit exp fabs floor fmod fprintf fputs free frexp "
		  "auto_ptr deque list queue stack vector map set pair bitset multiset multimap "
		  "unordered_set fscanf future isalnum isalpha iscntrl isdigit isgraph islower isprint "
		  "ispunct isspace isupper isxdigit tolower toupper labs ldexp log10 log malloc realloc "
		  "memchr memcmp memcpy memset modf pow printf putchar puts scanf sinh sin snprintf sprintf "
		  "sqrt sscanf strcat strchr strcmp strcpy strcspn strlen strncat strncmp strncpy strpbrk "
		  "strrchr strspn strstr tanh tan unordered_map unordered_multiset unordered_multimap "
		  "priority_queue make_pair array shared_ptr abort terminate abs acos vfprintf vprintf "
		  "vsprintf endl initializer_list unique_ptr complex imaginary std string wstring cin cout "
		  "cerr clog stdin stdout stderr stringstream istringstream ostringstream" },
		{ "literal", "true false nullptr NULL" },
	},
};
static struct hl_keywords c_meta_kw = {
	.g = { { "meta-keyword", "if else elif endif define undef warning error line pragma "
				 "_Pragma ifdef ifndef include" } },
};
static struct hl_mode c_line_continuation = { .begin = "\\\\\\n" };
static struct hl_mode c_line_comment_c = {
	.cls = "comment", .begin = "//", .end = "$",
	.contains = CONTAINS(&c_line_continuation, &phrasal_words, &doctag),
};
static struct hl_mode c_primitive_type = { .cls = "keyword", .begin = "\\b[a-z\\d_]*_t\\b" };
#define C_CHAR_ESCAPE "\\\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4,8}|[0-7]{3}|\\S)"
#define C_STRING_VARIANTS(P, CLS) \
	static struct hl_mode P##1 = { \
		.cls = CLS, .begin = "(u8?|U|L)?\"", .end = "\"", .illegal = "\\n", \
		.contains = CONTAINS(&backslash_escape), \
	}; \
	static struct hl_mode P##2 = { \
		.cls = CLS, .begin = "(u8?|U|L)?'(" C_CHAR_ESCAPE "|.)", .end = "'", \
		.illegal = ".", \
	}; \
	static struct hl_mode P##3 = {  /* raw string: R"delim( ... )delim" */ \
		.cls = CLS, .begin = "(?:u8?|U|L)?R\"([^()\\\\ ]{0,16})\\(", \
		.end = "\\)([^()\\\\ ]{0,16})\"", .flags = HL_SAME_END, \
	};
C_STRING_VARIANTS(c_string, "string")
C_STRING_VARIANTS(c_meta_string, "meta-string")
#define C_STRINGS &c_string1, &c_string2, &c_string3
static struct hl_mode c_num1 = { .cls = "number", .rel = R0, .begin = "\\b(0b[01']+)" };
static struct hl_mode c_num2 = {
	.cls = "number", .rel = R0,
	.begin = "(-?)\\b([\\d']+(\\.[\\d']*)?|\\.[\\d']+)((ll|LL|l|L)(u|U)?|(u|U)(ll|LL|l|L)?|f|F|b|B)",
};
static struct hl_mode c_num3 = {
	.cls = "number", .rel = R0,
	.begin = "(-?)(\\b0[xX][a-fA-F0-9']+|(\\b[\\d']+(\\.[\\d']*)?|\\.[\\d']+)([eE][-+]?[\\d']+)?)",
};
#define C_NUMBERS &c_num1, &c_num2, &c_num3
static struct hl_mode c_preprocessor_continuation = { .begin = "\\\\\\n", .rel = R0 };
static struct hl_mode c_include_path = { .cls = "meta-string", .begin = "<.*?>" };
static struct hl_mode c_preprocessor = {
	.cls = "meta", .begin = "#\\s*[a-z]+\\b", .end = "$", .kw = &c_meta_kw,
	.contains = CONTAINS(&c_preprocessor_continuation, &c_meta_string1, &c_meta_string2,
			     &c_meta_string3, &c_include_path, &c_line_comment_c, &c_block_comment),
};
/* function.dispatch, which classNameAliases renames built_in */
static struct hl_mode cpp_dispatch = {
	.cls = "built_in", .rel = R0, .kw = &c_keywords, .only = "cpp",
	.begin = "\\b(?!decltype)(?!if)(?!for)(?!while)" IDENT_RE "(?=\\s*\\()",
};
#define C_EXPRESSION_CONTAINS &cpp_dispatch, &c_preprocessor, &c_primitive_type, \
	&c_line_comment_c, &c_block_comment, C_NUMBERS, C_STRINGS
static struct hl_mode c_expr_paren = {
	.begin = "\\(", .end = "\\)", .kw = &c_keywords, .rel = R0,
	.contains = CONTAINS(C_EXPRESSION_CONTAINS, HL_SELF),
};
/* expressions, where nothing looks like a function definition */
static struct hl_mode c_expr1 = {
	.begin = "=", .end = ";", .kw = &c_keywords, .rel = R0,
	.contains = CONTAINS(C_EXPRESSION_CONTAINS, &c_expr_paren),
};
static struct hl_mode c_expr2 = {
	.begin = "\\(", .end = "\\)", .kw = &c_keywords, .rel = R0,
	.contains = CONTAINS(C_EXPRESSION_CONTAINS, &c_expr_paren),
};
static struct hl_mode c_expr3 = {
	.begin_kw = "new throw return else", .end = ";", .kw = &c_keywords, .rel = R0,
	.contains = CONTAINS(C_EXPRESSION_CONTAINS, &c_expr_paren),
};
#define C_DECLTYPE_AUTO "decltype\\(auto\\)"
#define C_NAMESPACE "([a-zA-Z_]\\w*::)?"
#define C_FUNCTION_TITLE C_NAMESPACE IDENT_RE "\\s*\\("
static struct hl_mode c_decltype_auto = { .begin = C_DECLTYPE_AUTO, .kw = &c_keywords, .rel = R0 };
static struct hl_mode c_title = { .cls = "title", .begin = C_NAMESPACE IDENT_RE, .rel = R0 };
static struct hl_mode c_function_title = {
	.begin = C_FUNCTION_TITLE, .flags = HL_RETURN_BEGIN, .rel = R0,
	.contains = CONTAINS(&c_title),
};
static struct hl_mode cpp_scope = { .begin = "::", .rel = R0, .only = "cpp" };
static struct hl_mode cpp_initializer = {
	.begin = ":", .flags = HL_ENDS_WITH_PARENT, .only = "cpp",
	.contains = CONTAINS(C_STRINGS, C_NUMBERS),
};
static struct hl_mode c_params_paren = {
	.begin = "\\(", .end = "\\)", .kw = &c_keywords, .rel = R0,
	.contains = CONTAINS(HL_SELF, &c_line_comment_c, &c_block_comment, C_STRINGS, C_NUMBERS,
			     &c_primitive_type),
};
static struct hl_mode c_params = {
	.cls = "params", .begin = "\\(", .end = "\\)", .kw = &c_keywords, .rel = R0,
	.contains = CONTAINS(&c_line_comment_c, &c_block_comment, C_STRINGS, C_NUMBERS,
			     &c_primitive_type, &c_params_paren),
};
static struct hl_mode c_function = {
	.cls = "function",
	.begin = "((" C_DECLTYPE_AUTO "|" C_NAMESPACE "[a-zA-Z_]\\w*(<[^<>]+>)?)[\\*&\\s]+)+"
		 C_FUNCTION_TITLE,
	.flags = HL_RETURN_BEGIN | HL_EXCLUDE_END, .end = "[{;=]", .kw = &c_keywords,
	.illegal = "[^\\w\\s\\*&:<>.]",
	.contains = CONTAINS(&c_decltype_auto, &c_function_title, &cpp_scope, &cpp_initializer,
			     &c_params, &c_primitive_type, &c_line_comment_c, &c_block_comment,
			     &c_preprocessor),
};
static struct hl_mode c_container = {   /* vector <int> rooms (9); */
	.begin = "\\b(deque|list|queue|priority_queue|pair|stack|vector|map|set|bitset|multiset|"
		 "multimap|unordered_map|unordered_set|unordered_multiset|unordered_multimap|array)"
		 "\\s*<",
	.end = ">", .kw = &c_keywords, .contains = CONTAINS(HL_SELF, &c_primitive_type),
};
static struct hl_mode c_namespace_ref = { .begin = IDENT_RE "::", .kw = &c_keywords };
static struct hl_mode c_class_kw = { .begin_kw = "final class struct" };
static struct hl_mode c_class = {
	.cls = "class", .begin_kw = "enum class struct union", .end = "[{;:<>=]",
	.contains = CONTAINS(&c_class_kw, &title_mode),
};
static struct hl_mode c_root = {
	.kw = &c_keywords, .illegal = "</",
	.contains = CONTAINS(&c_expr1, &c_expr2, &c_expr3, &c_function, &cpp_dispatch,
			     C_EXPRESSION_CONTAINS, &c_preprocessor, &c_container,
			     &c_namespace_ref, &c_class),
};
static const struct hl_language lang_c = {
	.name = "c", .aliases = "h",
	.no_auto = true, .root = &c_root,
};
static const struct hl_language lang_cpp = {
	.name = "cpp", .aliases = "cc c++ h++ hpp hh hxx cxx",
	.root = &c_root, .kw_from = &c_keywords, .kw_to = &cpp_keywords,
};

/* ---- sql (sql.js) ----------------------------------------------------- */

/* Keywords with a space ("update   ", "create table") never match the
 * keyword pattern in highlight.js either; they are left out. Keywords
 * shorter than three letters score 0 (reduceRelevancy). */
/* SQL_KEYWORDS dropped: ["update   "] */
#define SQL_KEYWORDS \
	"all allocate alter and any are array array_max_cardinality as|0 asensitive asymmetric " \
	"at|0 atomic authorization begin begin_frame begin_partition between bigint binary blob " \
	"boolean both by|0 call called cardinality cascaded case char char_length character " \
	"character_length check classifier clob close collate collect column commit condition " \
	"connect constraint contains convert copy corresponding create cross cube current " \
	"current_catalog current_date current_default_transform_group current_path current_role " \
	"current_row current_schema current_time current_timestamp current_path current_role " \
	"current_transform_group_for_type current_user cursor cycle date day deallocate dec " \
	"decimal decfloat declare default define delete describe deterministic disconnect " \
	"distinct double drop dynamic each else empty end end_frame end_partition end-exec " \
	"equals escape every except exec execute exists external false fetch filter float for " \
	"foreign frame_row free from full function fusion get global grant group grouping " \
	"groups having hold hour identity in|0 indicator initial inner inout insensitive insert " \
	"int integer intersect intersection interval into is|0 join language large lateral " \
	"leading left like like_regex local localtime localtimestamp match match_number " \
	"match_recognize matches member merge method minute modifies module month multiset " \
	"national natural nchar nclob new no|0 none normalize not null numeric octet_length " \
	"occurrences_regex of|0 offset old omit on|0 one only open or|0 order out outer over " \
	"overlaps overlay parameter partition pattern per percent period portion precedes " \
	"precision prepare primary procedure ptf range reads real recursive ref references " \
	"referencing release result return returns revoke right rollback rollup row rows " \
	"running savepoint scope scroll search second seek select sensitive session_user set " \
	"show similar skip smallint some specific specifictype sql sqlexception sqlstate " \
	"sqlwarning start static submultiset subset succeeds symmetric system system_time " \
	"system_user table tablesample then time timestamp timezone_hour timezone_minute to|0 " \
	"trailing translation trigger true truncate uescape union unique unknown user using " \
	"value values varbinary varchar varying versioning when whenever where window with " \
	"within without year add asc collation desc final first last view"

#define SQL_LITERALS \
	"true false unknown"

#define SQL_TYPES \
	"bigint binary blob boolean char character clob date dec decfloat decimal float int " \
	"integer interval nchar nclob national numeric real row smallint time timestamp varchar " \
	"varying varbinary"

#define SQL_POSSIBLE_WITHOUT_PARENS \
	"current_catalog current_date current_default_transform_group current_path current_role " \
	"current_schema current_transform_group_for_type current_user session_user system_time " \
	"system_user current_time localtime current_timestamp localtimestamp"

#define SQL_FUNCTIONS \
	"abs acos array_agg asin atan avg cast ceil ceiling coalesce corr cos cosh count " \
	"covar_pop covar_samp cume_dist dense_rank deref element exp extract first_value floor " \
	"json_array json_arrayagg json_exists json_object json_objectagg json_query json_table " \
	"json_table_primitive json_value lag last_value lead listagg ln log log10 lower max min " \
	"mod nth_value ntile nullif percent_rank percentile_cont percentile_disc position " \
	"position_regex power rank regr_avgx regr_avgy regr_count regr_intercept regr_r2 " \
	"regr_slope regr_sxx regr_sxy regr_syy row_number sin sinh sqrt stddev_pop stddev_samp " \
	"substring substring_regex sum tan tanh translate translate_regex treat trim trim_array " \
	"unnest upper value_of var_pop var_samp width_bucket"

static struct hl_keywords sql_keywords = {
	.pattern = "\\b[\\w\\.]+",
	.g = {
		{ "keyword", SQL_KEYWORDS },
		{ "literal", SQL_LITERALS },
		{ "type", SQL_TYPES },
		{ "built_in", SQL_POSSIBLE_WITHOUT_PARENS },
	},
};
static struct hl_keywords sql_combo_keywords = {
	/* the same lists, where only the relevance of short words differs */
	.pattern = "[\\w\\.]+",
	.g = {
		{ "keyword", SQL_KEYWORDS },
		{ "literal", SQL_LITERALS },
		{ "type", SQL_TYPES },
	},
};
static struct hl_keywords sql_function_kw = { .g = { { "built_in", SQL_FUNCTIONS } } };
static struct hl_mode sql_combo = {
	.begin = "(create table|insert into|primary key|foreign key|not null|alter table|"
		 "add constraint|grouping sets|on overflow|character set|respect nulls|"
		 "ignore nulls|nulls first|nulls last|depth first|breadth first)",
	.kw = &sql_combo_keywords,
};
static struct hl_mode sql_multiword_type = {
	.cls = "type", .begin = "(double precision|large object|with timezone|without timezone)",
};
static struct hl_mode sql_function_call = {
	.begin = "\\b(%s)\\s*\\(", .words = SQL_FUNCTIONS, .kw = &sql_function_kw,
};
static struct hl_mode sql_variable = { .cls = "variable", .begin = "@[a-z0-9]+" };
static struct hl_mode sql_quote_escape = { .begin = "''" };
static struct hl_mode sql_string = {
	.cls = "string", .begin = "'", .end = "'", .contains = CONTAINS(&sql_quote_escape),
};
static struct hl_mode sql_ident_escape = { .begin = "\"\"" };
static struct hl_mode sql_quoted_ident = {
	.begin = "\"", .end = "\"", .contains = CONTAINS(&sql_ident_escape),
};
static struct hl_mode sql_comment = {
	.cls = "comment", .begin = "--", .end = "$", .contains = COMMENT_CONTAINS,
};
static struct hl_mode sql_operator = {
	.cls = "operator", .begin = "[-+*/=%^~]|&&?|\\|\\|?|!=?|<(?:=>?|<|>)?|>[>=]?", .rel = R0,
};
static struct hl_mode sql_root = {
	.kw = &sql_keywords, .illegal = "[{}]|<\\/",
	.contains = CONTAINS(&sql_combo, &sql_multiword_type, &sql_function_call, &sql_variable,
			     &sql_string, &sql_quoted_ident, &c_number_mode, &c_block_comment,
			     &sql_comment, &sql_operator),
};
static const struct hl_language lang_sql = {
	.name = "sql", .aliases = "",
	.ci = true, .root = &sql_root,
};

/* ---- markdown (markdown.js) ------------------------------------------- */

/* (`{3,})[^`](.|\n)*?\1`*[ ]* (and the same with ~): a fence run, at least
 * one other character, then the first run at least as long as the opening
 * one (the backreference \1). A backtracking engine that finds no closing
 * run for an opening run of r retries one character later with r - 1, and
 * so on down to 3; all these tries look for their closing run from the
 * same place, so one scan finds the longest k that has one: the longest
 * run there, capped at r. (.|\n) does not match \r: no match crosses one. */
static bool md_fence_search(struct hl_ctx *x, size_t hi, size_t from, char ch,
			    size_t *cap)
{
	const char *s = x->s;
	for (size_t p = from; p < hi; p++) {
		if (s[p] != ch)
			continue;
		size_t r = 0;
		while (p + r < hi && s[p + r] == ch)
			r++;
		size_t q0 = p + r + 1;  /* past the one [^`] character */
		if (r < 3 || p + r >= hi || s[p + r] == '\r') {
			p += r - 1;
			continue;
		}
		size_t best = 0, run = 0, q;
		for (q = q0; q < hi && s[q] != '\r' && best < r; q++) {
			run = s[q] == ch ? run + 1 : 0;
			if (run > best)
				best = run;
		}
		x->steps += (q - p) / 4 + 1;
		if (best < 3) {
			p += r - 1;
			continue;
		}
		size_t k = best < r ? best : r, e;
		/* the first run of at least k after q0 */
		for (q = q0, run = 0; run < k; q++)
			run = s[q] == ch ? run + 1 : 0;
		for (e = q; e < hi && s[e] == ch;)
			e++;
		while (e < hi && s[e] == ' ')
			e++;
		cap[0] = p + (r - k);
		cap[1] = e;
		cap[2] = cap[0];
		cap[3] = cap[0] + k;
		return true;
	}
	return false;
}

static bool md_backtick_hook(struct hl_ctx *x, const struct re_prog *p, size_t lo,
			     size_t hi, size_t from, size_t *cap)
{
	(void)p;
	(void)lo;
	return md_fence_search(x, hi, from, '`', cap);
}

static bool md_tilde_hook(struct hl_ctx *x, const struct re_prog *p, size_t lo,
			  size_t hi, size_t from, size_t *cap)
{
	(void)p;
	(void)lo;
	return md_fence_search(x, hi, from, '~', cap);
}

static struct hl_mode md_inline_html = {
	.begin = "<\\/?[A-Za-z_]", .end = ">", .sublang = "xml", .rel = R0,
};
static struct hl_mode md_link_text = {
	.cls = "string", .begin = "\\[", .end = "\\]", .rel = R0,
	.flags = HL_EXCLUDE_BEGIN | HL_RETURN_END,
};
static struct hl_mode md_link_url = {
	.cls = "link", .begin = "\\]\\(", .end = "\\)", .rel = R0,
	.flags = HL_EXCLUDE_BEGIN | HL_EXCLUDE_END,
};
static struct hl_mode md_link_ref = {
	.cls = "symbol", .begin = "\\]\\[", .end = "\\]", .rel = R0,
	.flags = HL_EXCLUDE_BEGIN | HL_EXCLUDE_END,
};
#define MD_LINK_PARTS CONTAINS(&md_link_text, &md_link_url, &md_link_ref)
static struct hl_mode md_link1 = {
	.begin = "\\[.+?\\]\\[.*?\\]", .rel = R0, .flags = HL_RETURN_BEGIN, .contains = MD_LINK_PARTS,
};
static struct hl_mode md_link2 = {
	.begin = "\\[.+?\\]\\(((data|javascript|mailto):|(?:http|ftp)s?:\\/\\/).*?\\)", .rel = 2,
	.flags = HL_RETURN_BEGIN, .contains = MD_LINK_PARTS,
};
static struct hl_mode md_link3 = {
	.begin = "\\[.+?\\]\\([A-Za-z][A-Za-z0-9+.-]*:\\/\\/.*?\\)", .rel = 2,
	.flags = HL_RETURN_BEGIN, .contains = MD_LINK_PARTS,
};
static struct hl_mode md_link4 = {
	.begin = "\\[.+?\\]\\([./?&#].*?\\)", .rel = 1,
	.flags = HL_RETURN_BEGIN, .contains = MD_LINK_PARTS,
};
static struct hl_mode md_link5 = {
	.begin = "\\[.+?\\]\\(.*?\\)", .rel = R0, .flags = HL_RETURN_BEGIN, .contains = MD_LINK_PARTS,
};
#define MD_LINK &md_link1, &md_link2, &md_link3, &md_link4, &md_link5
static struct hl_mode md_bold1, md_bold2, md_italic1, md_italic2;
#define MD_BOLD &md_bold1, &md_bold2
#define MD_ITALIC &md_italic1, &md_italic2
static struct hl_mode md_bold1 = {
	.cls = "strong", .begin = "_{2}", .end = "_{2}",
	.contains = CONTAINS(MD_ITALIC, &md_inline_html, MD_LINK),
};
static struct hl_mode md_bold2 = {
	.cls = "strong", .begin = "\\*{2}", .end = "\\*{2}",
	.contains = CONTAINS(MD_ITALIC, &md_inline_html, MD_LINK),
};
static struct hl_mode md_italic1 = {
	.cls = "emphasis", .begin = "\\*(?!\\*)", .end = "\\*",
	.contains = CONTAINS(MD_BOLD, &md_inline_html, MD_LINK),
};
static struct hl_mode md_italic2 = {
	.cls = "emphasis", .begin = "_(?!_)", .end = "_", .rel = R0,
	.contains = CONTAINS(MD_BOLD, &md_inline_html, MD_LINK),
};
#define MD_CONTAINABLE &md_inline_html, MD_LINK, MD_BOLD, MD_ITALIC
static struct hl_mode md_header1 = {
	.cls = "section", .begin = "^#{1,6}", .end = "$", .contains = CONTAINS(MD_CONTAINABLE),
};
static struct hl_mode md_setext_underline = { .begin = "^[=-]*$" };
static struct hl_mode md_setext_text = {
	.begin = "^", .end = "\\n", .contains = CONTAINS(MD_CONTAINABLE),
};
static struct hl_mode md_header2 = {
	.cls = "section", .begin = "(?=^.+?\\n[=-]{2,}$)",
	.contains = CONTAINS(&md_setext_underline, &md_setext_text),
};
static struct hl_mode md_bullet = {
	.cls = "bullet", .begin = "^[ \t]*([*+-]|(\\d+\\.))(?=\\s+)", .end = "\\s+",
	.flags = HL_EXCLUDE_END,
};
static struct hl_mode md_quote = {
	.cls = "quote", .begin = "^>\\s+", .end = "$", .contains = CONTAINS(MD_CONTAINABLE),
};
static struct hl_mode md_code1 = { .cls = "code", .begin = "`{3}", .hook = md_backtick_hook };
static struct hl_mode md_code2 = { .cls = "code", .begin = "~{3}", .hook = md_tilde_hook };
static struct hl_mode md_code3 = { .cls = "code", .begin = "```", .end = "```+[ ]*$" };
static struct hl_mode md_code4 = { .cls = "code", .begin = "~~~", .end = "~~~+[ ]*$" };
static struct hl_mode md_code5 = { .cls = "code", .begin = "`.+?`" };
static struct hl_mode md_indented_line = { .begin = "^( {4}|\\t)", .end = "(\\n)$" };
static struct hl_mode md_code6 = {
	.cls = "code", .begin = "(?=^( {4}|\\t))", .rel = R0,
	.contains = CONTAINS(&md_indented_line),
};
static struct hl_mode md_hrule = { .begin = "^[-\\*]{3,}", .end = "$" };
static struct hl_mode md_refdef_label = {
	.cls = "symbol", .begin = "\\[", .end = "\\]", .flags = HL_EXCLUDE_BEGIN | HL_EXCLUDE_END,
};
static struct hl_mode md_refdef_url = {
	.cls = "link", .begin = ":\\s*", .end = "$", .flags = HL_EXCLUDE_BEGIN,
};
static struct hl_mode md_refdef = {
	.begin = "^\\[[^\\n]+\\]:", .flags = HL_RETURN_BEGIN,
	.contains = CONTAINS(&md_refdef_label, &md_refdef_url),
};
static struct hl_mode md_root = {
	.contains = CONTAINS(&md_header1, &md_header2, &md_inline_html, &md_bullet, MD_BOLD,
			     MD_ITALIC, &md_quote, &md_code1, &md_code2, &md_code3, &md_code4,
			     &md_code5, &md_code6, &md_hrule, MD_LINK, &md_refdef),
};
static const struct hl_language lang_markdown = {
	.name = "markdown", .aliases = "md mkdown mkd",
	.root = &md_root,
};

/* ---- plaintext (plaintext.js) ----------------------------------------- */

static struct hl_mode plaintext_root = { 0 };
static const struct hl_language lang_plaintext = {
	.name = "plaintext", .aliases = "text txt",
	.no_auto = true, .root = &plaintext_root,
};

/* ---- the language table --------------------------------------------- */

const struct hl_language *const hl_languages[] = {
	&lang_bash,
	&lang_c,
	&lang_cpp,
	&lang_css,
	&lang_diff,
	&lang_dockerfile,
	&lang_go,
	&lang_ini,
	&lang_javascript,
	&lang_json,
	&lang_markdown,
	&lang_plaintext,
	&lang_python,
	&lang_shell,
	&lang_sql,
	&lang_typescript,
	&lang_xml,
	&lang_yaml,
};

const size_t hl_n_languages = sizeof hl_languages / sizeof *hl_languages;
