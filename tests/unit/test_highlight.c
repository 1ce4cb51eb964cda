/*
 * test_highlight.c — fenced-code highlighting (highlight.c) against
 * highlight.js 10.7.3, the version HedgeDoc runs in finishView
 * (HEDGEDOC.md §3): the expected HTML below was written by highlight.js
 * itself, called as finishView calls it (hljs.highlight(lang, code), no
 * ignoreIllegals), for snippets of every language and the fences of the
 * real decks. Then the contract of the spans (order, nesting, UTF-8
 * boundaries), language lookup, limits, and input built to be slow.
 *
 * SPDX-License-Identifier: MIT
 */
#include "markdown/highlight.h"
#include "base/scs_limits.h"
#include "base/util.h"
#include "harness.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- expected output from highlight.js -------------------------------- */

struct oracle {
	const char *name, *lang;
	size_t len;             /* the code may hold NUL bytes */
	const char *code;
	const char *html;       /* NULL: highlight.js shows it plain (illegal) */
};

static const struct oracle oracles[] = {
	{ "bash_prompt", "bash", 175,
		"dragon@cumulus(//):~ [4]$ curl -sS -g --cacert \"/etc/ssl/certs/ca-cert"
		"ificates.crt\" \\\n"
		"    -X GET https://api.in-a-box.cloud:5000/v3 \\\n"
		"    -H \"Accept: application/json\" | jq .\n",
		"dragon@cumulus(//):~ [4]$ curl -sS -g --cacert <span class=\"hljs-strin"
		"g\">&quot;/etc/ssl/certs/ca-certificates.crt&quot;</span> \\\n"
		"    -X GET https://api.in-a-box.cloud:5000/v3 \\\n"
		"    -H <span class=\"hljs-string\">&quot;Accept: application/json&quot;"
		"</span> | jq .\n" },
	{ "bash_script", "bash", 185,
		"#!/bin/bash\n"
		"# deploy: TODO: check $HOME\n"
		"for f in *.yaml; do\n"
		"  if [ -f \"$f\" ]; then\n"
		"    echo \"found ${f%.yaml} in $(pwd)\" >> log.txt\n"
		"  fi\n"
		"done\n"
		"export PATH=$PATH:/opt/bin\n"
		"x=$((1 + 0x10))\n",
		"<span class=\"hljs-meta\">#!/bin/bash</span>\n"
		"<span class=\"hljs-comment\"># deploy: <span class=\"hljs-doctag\">TODO"
		":</span> check $HOME</span>\n"
		"<span class=\"hljs-keyword\">for</span> f <span class=\"hljs-keyword\">"
		"in</span> *.yaml; <span class=\"hljs-keyword\">do</span>\n"
		"  <span class=\"hljs-keyword\">if</span> [ -f <span class=\"hljs-string"
		"\">&quot;<span class=\"hljs-variable\">$f</span>&quot;</span> ]; <span "
		"class=\"hljs-keyword\">then</span>\n"
		"    <span class=\"hljs-built_in\">echo</span> <span class=\"hljs-string"
		"\">&quot;found <span class=\"hljs-variable\">${f%.yaml}</span> in <span"
		" class=\"hljs-subst\">$(pwd)</span>&quot;</span> &gt;&gt; log.txt\n"
		"  <span class=\"hljs-keyword\">fi</span>\n"
		"<span class=\"hljs-keyword\">done</span>\n"
		"<span class=\"hljs-built_in\">export</span> PATH=<span class=\"hljs-var"
		"iable\">$PATH</span>:/opt/bin\n"
		"x=$((<span class=\"hljs-number\">1</span> + <span class=\"hljs-number\""
		">0</span>x10))\n" },
	{ "bash_docker", "bash", 170,
		"mkdir cookiecutter-output\n"
		"docker run \\\n"
		"  -e TARGET_UID=\"$(id -u)\" -e TARGET_GID=\"$(id -g)\" \\ \n"
		"  -v $(pwd)/cookiecutter-output:/output --rm -it quay.io/osism/cookiecu"
		"tter\n",
		"mkdir cookiecutter-output\n"
		"docker run \\\n"
		"  -e TARGET_UID=<span class=\"hljs-string\">&quot;<span class=\"hljs-su"
		"bst\">$(id -u)</span>&quot;</span> -e TARGET_GID=<span class=\"hljs-str"
		"ing\">&quot;<span class=\"hljs-subst\">$(id -g)</span>&quot;</span> \\ "
		"\n"
		"  -v $(<span class=\"hljs-built_in\">pwd</span>)/cookiecutter-output:/o"
		"utput --rm -it quay.io/osism/cookiecutter\n" },
	{ "bash_heredoc", "bash", 107,
		"cat <<EOF > /etc/motd\n"
		"Hello $USER\n"
		"EOF\n"
		"function greet() {\n"
		"  local name='world'\n"
		"  echo \"hi ${name:-$USER}\"\n"
		"}\n",
		"cat &lt;&lt;<span class=\"hljs-string\">EOF &gt; /etc/motd\n"
		"Hello $USER\n"
		"EOF</span>\n"
		"<span class=\"hljs-keyword\">function</span> <span class=\"hljs-functio"
		"n\"><span class=\"hljs-title\">greet</span></span>() {\n"
		"  <span class=\"hljs-built_in\">local</span> name=<span class=\"hljs-st"
		"ring\">&#x27;world&#x27;</span>\n"
		"  <span class=\"hljs-built_in\">echo</span> <span class=\"hljs-string\""
		">&quot;hi <span class=\"hljs-variable\">${name:-<span class=\"hljs-vari"
		"able\">$USER</span>}</span>&quot;</span>\n"
		"}\n" },
	{ "shell_session", "shell", 84,
		"$ ls -la ~/src\n"
		"total 8\n"
		"# apt-get install -y jq\n"
		"root@host:/# echo \"done\" \\\n"
		"  && true\n",
		"<span class=\"hljs-meta\">$</span><span class=\"bash\"> ls -la ~/src</s"
		"pan>\n"
		"total 8\n"
		"<span class=\"hljs-meta\">#</span><span class=\"bash\"> apt-get install"
		" -y jq</span>\n"
		"root@host:/# echo &quot;done&quot; \\\n"
		"  &amp;&amp; true\n" },
	{ "yaml_clouds", "yaml", 177,
		"---\n"
		"clouds:\n"
		"  test:\n"
		"    auth:\n"
		"      username: test\n"
		"      auth_url: https://api.in-a-box.cloud:5000/v3\n"
		"    cacert: /etc/ssl/certs/ca-certificates.crt\n"
		"    identity_api_version: 3\n",
		"<span class=\"hljs-meta\">---</span>\n"
		"<span class=\"hljs-attr\">clouds:</span>\n"
		"  <span class=\"hljs-attr\">test:</span>\n"
		"    <span class=\"hljs-attr\">auth:</span>\n"
		"      <span class=\"hljs-attr\">username:</span> <span class=\"hljs-str"
		"ing\">test</span>\n"
		"      <span class=\"hljs-attr\">auth_url:</span> <span class=\"hljs-str"
		"ing\">https://api.in-a-box.cloud:5000/v3</span>\n"
		"    <span class=\"hljs-attr\">cacert:</span> <span class=\"hljs-string\""
		">/etc/ssl/certs/ca-certificates.crt</span>\n"
		"    <span class=\"hljs-attr\">identity_api_version:</span> <span class="
		"\"hljs-number\">3</span>\n" },
	{ "yaml_ansible", "yaml", 242,
		"- name: ping-and-echo-and-touch\n"
		"  hosts: metagroup\n"
		"  tasks:\n"
		"    - name: ping\n"
		"      ansible.builtin.ping:\n"
		"       # ignore\n"
		"\n"
		"    - name: echo\n"
		"      ansible.builtin.debug:\n"
		"        msg: \"hello {{ inventory_hostname }}\"\n"
		"      when: enabled == true\n",
		"<span class=\"hljs-bullet\">-</span> <span class=\"hljs-attr\">name:</s"
		"pan> <span class=\"hljs-string\">ping-and-echo-and-touch</span>\n"
		"  <span class=\"hljs-attr\">hosts:</span> <span class=\"hljs-string\">m"
		"etagroup</span>\n"
		"  <span class=\"hljs-attr\">tasks:</span>\n"
		"    <span class=\"hljs-bullet\">-</span> <span class=\"hljs-attr\">name"
		":</span> <span class=\"hljs-string\">ping</span>\n"
		"      <span class=\"hljs-attr\">ansible.builtin.ping:</span>\n"
		"       <span class=\"hljs-comment\"># ignore</span>\n"
		"\n"
		"    <span class=\"hljs-bullet\">-</span> <span class=\"hljs-attr\">name"
		":</span> <span class=\"hljs-string\">echo</span>\n"
		"      <span class=\"hljs-attr\">ansible.builtin.debug:</span>\n"
		"        <span class=\"hljs-attr\">msg:</span> <span class=\"hljs-string"
		"\">&quot;hello <span class=\"hljs-template-variable\">{{ inventory_host"
		"name }}</span>&quot;</span>\n"
		"      <span class=\"hljs-attr\">when:</span> <span class=\"hljs-string\""
		">enabled</span> <span class=\"hljs-string\">==</span> <span class=\"hlj"
		"s-literal\">true</span>\n" },
	{ "yaml_misc", "yaml", 153,
		"anchors: &base\n"
		"  list: [a, \"b\", 1.5, null]\n"
		"  map: {x: 1, y: yes}\n"
		"date: 2024-01-25 10:00:00 +01:00\n"
		"text: |\n"
		"  line one\n"
		"  line two\n"
		"ref: *base\n"
		"tag: !!str 42\n",
		"<span class=\"hljs-attr\">anchors:</span> <span class=\"hljs-meta\">&am"
		"p;base</span>\n"
		"  <span class=\"hljs-attr\">list:</span> [<span class=\"hljs-string\">a"
		"</span>, <span class=\"hljs-string\">&quot;b&quot;</span>, <span class="
		"\"hljs-number\">1.5</span>, <span class=\"hljs-literal\">null</span>]\n"
		"  <span class=\"hljs-attr\">map:</span> {<span class=\"hljs-attr\">x:</"
		"span> <span class=\"hljs-number\">1</span>, <span class=\"hljs-attr\">y"
		":</span> <span class=\"hljs-literal\">yes</span>}\n"
		"<span class=\"hljs-attr\">date:</span> <span class=\"hljs-number\">2024"
		"-01-25 10:00:00 +01:00</span>\n"
		"<span class=\"hljs-attr\">text:</span> <span class=\"hljs-string\">|\n"
		"  line one\n"
		"  line two\n"
		"</span><span class=\"hljs-attr\">ref:</span> <span class=\"hljs-meta\">"
		"*base</span>\n"
		"<span class=\"hljs-attr\">tag:</span> <span class=\"hljs-type\">!!str</"
		"span> <span class=\"hljs-number\">42</span>\n" },
	{ "json_version", "json", 260,
		"{ \n"
		"  \"version\": {\n"
		"    \"id\": \"v3.14\",\n"
		"    \"status\": \"stable\",\n"
		"    \"links\": [\n"
		"      {\n"
		"        \"rel\": \"self\",\n"
		"        \"href\": \"https://api.in-a-box.cloud:5000/v3/\"\n"
		"      }\n"
		"    ],\n"
		"    \"is_domain\": false,\n"
		"    \"password_expires_at\": null,\n"
		"    \"count\": -12.5e3\n"
		"  }\n"
		"}\n",
		"{ \n"
		"  <span class=\"hljs-attr\">&quot;version&quot;</span>: {\n"
		"    <span class=\"hljs-attr\">&quot;id&quot;</span>: <span class=\"hljs"
		"-string\">&quot;v3.14&quot;</span>,\n"
		"    <span class=\"hljs-attr\">&quot;status&quot;</span>: <span class=\""
		"hljs-string\">&quot;stable&quot;</span>,\n"
		"    <span class=\"hljs-attr\">&quot;links&quot;</span>: [\n"
		"      {\n"
		"        <span class=\"hljs-attr\">&quot;rel&quot;</span>: <span class=\""
		"hljs-string\">&quot;self&quot;</span>,\n"
		"        <span class=\"hljs-attr\">&quot;href&quot;</span>: <span class="
		"\"hljs-string\">&quot;https://api.in-a-box.cloud:5000/v3/&quot;</span>\n"
		"      }\n"
		"    ],\n"
		"    <span class=\"hljs-attr\">&quot;is_domain&quot;</span>: <span class"
		"=\"hljs-literal\">false</span>,\n"
		"    <span class=\"hljs-attr\">&quot;password_expires_at&quot;</span>: <"
		"span class=\"hljs-literal\">null</span>,\n"
		"    <span class=\"hljs-attr\">&quot;count&quot;</span>: <span class=\"h"
		"ljs-number\">-12.5e3</span>\n"
		"  }\n"
		"}\n" },
	{ "python_class", "python", 215,
		"@dataclass\n"
		"class Point(Base):\n"
		"    \"\"\"A point.\"\"\"\n"
		"    x: int = 0\n"
		"\n"
		"    def norm(self, p=2) -> float:\n"
		"        # TODO: faster\n"
		"        return (self.x ** p) ** (1 / p)\n"
		"\n"
		"print(f\"{Point(3).norm():.2f}\", 0x1F, 1_000j, None)\n",
		"<span class=\"hljs-meta\">@dataclass</span>\n"
		"<span class=\"hljs-class\"><span class=\"hljs-keyword\">class</span> <s"
		"pan class=\"hljs-title\">Point</span>(<span class=\"hljs-params\">Base<"
		"/span>):</span>\n"
		"    <span class=\"hljs-string\">&quot;&quot;&quot;A point.&quot;&quot;&"
		"quot;</span>\n"
		"    x: <span class=\"hljs-built_in\">int</span> = <span class=\"hljs-nu"
		"mber\">0</span>\n"
		"\n"
		"    <span class=\"hljs-function\"><span class=\"hljs-keyword\">def</spa"
		"n> <span class=\"hljs-title\">norm</span>(<span class=\"hljs-params\">s"
		"elf, p=<span class=\"hljs-number\">2</span></span>) -&gt; <span class=\""
		"hljs-built_in\">float</span>:</span>\n"
		"        <span class=\"hljs-comment\"># <span class=\"hljs-doctag\">TODO"
		":</span> faster</span>\n"
		"        <span class=\"hljs-keyword\">return</span> (self.x ** p) ** (<s"
		"pan class=\"hljs-number\">1</span> / p)\n"
		"\n"
		"<span class=\"hljs-built_in\">print</span>(<span class=\"hljs-string\">"
		"f&quot;<span class=\"hljs-subst\">{Point(<span class=\"hljs-number\">3<"
		"/span>).norm():<span class=\"hljs-number\">.2</span>f}</span>&quot;</sp"
		"an>, <span class=\"hljs-number\">0x1F</span>, <span class=\"hljs-number"
		"\">1_000j</span>, <span class=\"hljs-literal\">None</span>)\n" },
	{ "python_prompt", "python", 47,
		">>> import os\n"
		">>> os.path.join(\"a\", 'b')\n"
		"'a/b'\n",
		"<span class=\"hljs-meta\">&gt;&gt;&gt; </span><span class=\"hljs-keywor"
		"d\">import</span> os\n"
		"<span class=\"hljs-meta\">&gt;&gt;&gt; </span>os.path.join(<span class="
		"\"hljs-string\">&quot;a&quot;</span>, <span class=\"hljs-string\">&#x27"
		";b&#x27;</span>)\n"
		"<span class=\"hljs-string\">&#x27;a/b&#x27;</span>\n" },
	{ "go_main", "go", 192,
		"package main\n"
		"\n"
		"import \"fmt\"\n"
		"\n"
		"// Sum adds.\n"
		"func Sum(xs []int) (total int) {\n"
		"\tfor _, x := range xs {\n"
		"\t\ttotal += x\n"
		"\t}\n"
		"\treturn\n"
		"}\n"
		"\n"
		"func main() { fmt.Println(Sum([]int{1, 2, 3}), `raw`, 1.5i, nil) }\n",
		"<span class=\"hljs-keyword\">package</span> main\n"
		"\n"
		"<span class=\"hljs-keyword\">import</span> <span class=\"hljs-string\">"
		"&quot;fmt&quot;</span>\n"
		"\n"
		"<span class=\"hljs-comment\">// Sum adds.</span>\n"
		"<span class=\"hljs-function\"><span class=\"hljs-keyword\">func</span> "
		"<span class=\"hljs-title\">Sum</span><span class=\"hljs-params\">(xs []"
		"<span class=\"hljs-keyword\">int</span>)</span> <span class=\"hljs-para"
		"ms\">(total <span class=\"hljs-keyword\">int</span>)</span></span> {\n"
		"\t<span class=\"hljs-keyword\">for</span> _, x := <span class=\"hljs-ke"
		"yword\">range</span> xs {\n"
		"\t\ttotal += x\n"
		"\t}\n"
		"\t<span class=\"hljs-keyword\">return</span>\n"
		"}\n"
		"\n"
		"<span class=\"hljs-function\"><span class=\"hljs-keyword\">func</span> "
		"<span class=\"hljs-title\">main</span><span class=\"hljs-params\">()</s"
		"pan></span> { fmt.Println(Sum([]<span class=\"hljs-keyword\">int</span>"
		"{<span class=\"hljs-number\">1</span>, <span class=\"hljs-number\">2</s"
		"pan>, <span class=\"hljs-number\">3</span>}), <span class=\"hljs-string"
		"\">`raw`</span>, <span class=\"hljs-number\">1.5i</span>, <span class=\""
		"hljs-literal\">nil</span>) }\n" },
	{ "js_linkify", "javascript", 293,
		"function linkify( selector ) {\n"
		"  if( supports3DTransforms ) {\n"
		"\n"
		"    const nodes = document.querySelectorAll( selector );\n"
		"\n"
		"    for( const i = 0, len = nodes.length; i < len; i++ ) {\n"
		"      var node = nodes[i];\n"
		"\n"
		"      if( !node.className ) {\n"
		"        node.className += ' roll';\n"
		"      }\n"
		"    }\n"
		"  }\n"
		"}\n",
		"<span class=\"hljs-function\"><span class=\"hljs-keyword\">function</sp"
		"an> <span class=\"hljs-title\">linkify</span>(<span class=\"hljs-params"
		"\"> selector </span>) </span>{\n"
		"  <span class=\"hljs-keyword\">if</span>( supports3DTransforms ) {\n"
		"\n"
		"    <span class=\"hljs-keyword\">const</span> nodes = <span class=\"hlj"
		"s-built_in\">document</span>.querySelectorAll( selector );\n"
		"\n"
		"    <span class=\"hljs-keyword\">for</span>( <span class=\"hljs-keyword"
		"\">const</span> i = <span class=\"hljs-number\">0</span>, len = nodes.l"
		"ength; i &lt; len; i++ ) {\n"
		"      <span class=\"hljs-keyword\">var</span> node = nodes[i];\n"
		"\n"
		"      <span class=\"hljs-keyword\">if</span>( !node.className ) {\n"
		"        node.className += <span class=\"hljs-string\">&#x27; roll&#x27;"
		"</span>;\n"
		"      }\n"
		"    }\n"
		"  }\n"
		"}\n" },
	{ "js_arrow", "javascript", 242,
		" // ES6 arrow function code\n"
		" var sum = (num1, num2) => num1 + num2;\n"
		" let {a, ...z} = { a: 1, b: 2, c: 3};  // z: {b, c}\n"
		" async function main() {\n"
		"    for await (const x of ['c', 'd']) {\n"
		"        console.log(x, /ab+c/gi, `t ${x + 1}`);\n"
		"    }\n"
		" }\n",
		" <span class=\"hljs-comment\">// ES6 arrow function code</span>\n"
		" <span class=\"hljs-keyword\">var</span> sum = <span class=\"hljs-funct"
		"ion\">(<span class=\"hljs-params\">num1, num2</span>) =&gt;</span> num1"
		" + num2;\n"
		" <span class=\"hljs-keyword\">let</span> {a, ...z} = { <span class=\"hl"
		"js-attr\">a</span>: <span class=\"hljs-number\">1</span>, <span class=\""
		"hljs-attr\">b</span>: <span class=\"hljs-number\">2</span>, <span class"
		"=\"hljs-attr\">c</span>: <span class=\"hljs-number\">3</span>};  <span "
		"class=\"hljs-comment\">// z: {b, c}</span>\n"
		" <span class=\"hljs-keyword\">async</span> <span class=\"hljs-function\""
		"><span class=\"hljs-keyword\">function</span> <span class=\"hljs-title\""
		">main</span>(<span class=\"hljs-params\"></span>) </span>{\n"
		"    <span class=\"hljs-keyword\">for</span> <span class=\"hljs-keyword\""
		">await</span> (<span class=\"hljs-keyword\">const</span> x <span class="
		"\"hljs-keyword\">of</span> [<span class=\"hljs-string\">&#x27;c&#x27;</"
		"span>, <span class=\"hljs-string\">&#x27;d&#x27;</span>]) {\n"
		"        <span class=\"hljs-built_in\">console</span>.log(x, <span class"
		"=\"hljs-regexp\">/ab+c/gi</span>, <span class=\"hljs-string\">`t <span "
		"class=\"hljs-subst\">${x + <span class=\"hljs-number\">1</span>}</span>"
		"`</span>);\n"
		"    }\n"
		" }\n" },
	{ "js_jsx", "javascript", 217,
		"import { useState } from 'react';\n"
		"\n"
		"function Example() {\n"
		"  const [count, setCount] = useState(0);\n"
		"\n"
		"  return (\n"
		"      <button onClick={() => setCount(count + 1)}>\n"
		"        You clicked {count} times\n"
		"      </button>\n"
		"  );\n"
		"}\n",
		"<span class=\"hljs-keyword\">import</span> { useState } <span class=\"h"
		"ljs-keyword\">from</span> <span class=\"hljs-string\">&#x27;react&#x27;"
		"</span>;\n"
		"\n"
		"<span class=\"hljs-function\"><span class=\"hljs-keyword\">function</sp"
		"an> <span class=\"hljs-title\">Example</span>(<span class=\"hljs-params"
		"\"></span>) </span>{\n"
		"  <span class=\"hljs-keyword\">const</span> [count, setCount] = useStat"
		"e(<span class=\"hljs-number\">0</span>);\n"
		"\n"
		"  <span class=\"hljs-keyword\">return</span> (\n"
		"      <span class=\"xml\"><span class=\"hljs-tag\">&lt;<span class=\"hl"
		"js-name\">button</span> <span class=\"hljs-attr\">onClick</span>=<span "
		"class=\"hljs-string\">{()</span> =&gt;</span> setCount(count + 1)}&gt;\n"
		"        You clicked {count} times\n"
		"      <span class=\"hljs-tag\">&lt;/<span class=\"hljs-name\">button</s"
		"pan>&gt;</span></span>\n"
		"  );\n"
		"}\n" },
	{ "js_lit_html", "javascript", 189,
		"import {html, render} from 'lit-html';\n"
		"\n"
		"// A lit-html template uses the `html` template tag:\n"
		"let sayHello = name => html`<h1>Hello ${name}</h1>`;\n"
		"\n"
		"render(sayHello('World'), document.body);\n",
		"<span class=\"hljs-keyword\">import</span> {html, render} <span class=\""
		"hljs-keyword\">from</span> <span class=\"hljs-string\">&#x27;lit-html&#"
		"x27;</span>;\n"
		"\n"
		"<span class=\"hljs-comment\">// A lit-html template uses the `html` tem"
		"plate tag:</span>\n"
		"<span class=\"hljs-keyword\">let</span> sayHello = <span class=\"hljs-f"
		"unction\"><span class=\"hljs-params\">name</span> =&gt;</span> html`<sp"
		"an class=\"xml\"><span class=\"hljs-tag\">&lt;<span class=\"hljs-name\""
		">h1</span>&gt;</span>Hello </span><span class=\"hljs-subst\">${name}</s"
		"pan><span class=\"xml\"><span class=\"hljs-tag\">&lt;/<span class=\"hlj"
		"s-name\">h1</span>&gt;</span>`</span>;\n"
		"\n"
		"render(sayHello(<span class=\"hljs-string\">&#x27;World&#x27;</span>), "
		"<span class=\"hljs-built_in\">document</span>.body);\n" },
	{ "js_class", "javascript", 183,
		"/**\n"
		" * @param {string} name - who\n"
		" */\n"
		"class Greeter extends Base {\n"
		"  constructor(name) { super(); this.name = name; }\n"
		"  get greeting() { return 'hi ' + this.name; }\n"
		"}\n"
		"$('.x').hide();\n",
		"<span class=\"hljs-comment\">/**\n"
		" * <span class=\"hljs-doctag\">@param <span class=\"hljs-type\">{string"
		"}</span> <span class=\"hljs-variable\">name</span></span> - who\n"
		" */</span>\n"
		"<span class=\"hljs-class\"><span class=\"hljs-keyword\">class</span> <s"
		"pan class=\"hljs-title\">Greeter</span> <span class=\"hljs-keyword\">ex"
		"tends</span> <span class=\"hljs-title\">Base</span> </span>{\n"
		"  <span class=\"hljs-function\"><span class=\"hljs-title\">constructor<"
		"/span>(<span class=\"hljs-params\">name</span>)</span> { <span class=\""
		"hljs-built_in\">super</span>(); <span class=\"hljs-built_in\">this</spa"
		"n>.name = name; }\n"
		"  <span class=\"hljs-keyword\">get</span> <span class=\"hljs-title\">gr"
		"eeting</span>() { <span class=\"hljs-keyword\">return</span> <span clas"
		"s=\"hljs-string\">&#x27;hi &#x27;</span> + <span class=\"hljs-built_in\""
		">this</span>.name; }\n"
		"}\n"
		"$(<span class=\"hljs-string\">&#x27;.x&#x27;</span>).hide();\n" },
	{ "ts_interface", "typescript", 186,
		"interface User {\n"
		"  name: string;\n"
		"  age?: number;\n"
		"}\n"
		"@Component({selector: 'app'})\n"
		"export class App implements OnInit {\n"
		"  private users: User[] = [];\n"
		"  ngOnInit(): void { this.load(); }\n"
		"}\n",
		"<span class=\"hljs-keyword\">interface</span> User {\n"
		"  <span class=\"hljs-attr\">name</span>: <span class=\"hljs-built_in\">"
		"string</span>;\n"
		"  age?: <span class=\"hljs-built_in\">number</span>;\n"
		"}\n"
		"<span class=\"hljs-meta\">@Component</span>({<span class=\"hljs-attr\">"
		"selector</span>: <span class=\"hljs-string\">&#x27;app&#x27;</span>})\n"
		"<span class=\"hljs-keyword\">export</span> <span class=\"hljs-class\"><"
		"span class=\"hljs-keyword\">class</span> <span class=\"hljs-title\">App"
		"</span> <span class=\"hljs-title\">implements</span> <span class=\"hljs"
		"-title\">OnInit</span> </span>{\n"
		"  <span class=\"hljs-keyword\">private</span> users: User[] = [];\n"
		"  ngOnInit(): <span class=\"hljs-built_in\">void</span> { <span class=\""
		"hljs-built_in\">this</span>.load(); }\n"
		"}\n" },
	{ "c_hello", "c", 224,
		"#include <stdio.h>\n"
		"#define N 10 /* size */\n"
		"\n"
		"static int sum(const int *v, size_t n)\n"
		"{\n"
		"\tint s = 0;\n"
		"\tfor (size_t i = 0; i < n; i++)\n"
		"\t\ts += v[i];\n"
		"\treturn s;\n"
		"}\n"
		"\n"
		"int main(void) { printf(\"%d\\n\", sum((int[]){1, 2}, 2)); return 0; }\n"
		"",
		"<span class=\"hljs-meta\">#<span class=\"hljs-meta-keyword\">include</s"
		"pan> <span class=\"hljs-meta-string\">&lt;stdio.h&gt;</span></span>\n"
		"<span class=\"hljs-meta\">#<span class=\"hljs-meta-keyword\">define</sp"
		"an> N 10 <span class=\"hljs-comment\">/* size */</span></span>\n"
		"\n"
		"<span class=\"hljs-function\"><span class=\"hljs-keyword\">static</span"
		"> <span class=\"hljs-keyword\">int</span> <span class=\"hljs-title\">su"
		"m</span><span class=\"hljs-params\">(<span class=\"hljs-keyword\">const"
		"</span> <span class=\"hljs-keyword\">int</span> *v, <span class=\"hljs-"
		"keyword\">size_t</span> n)</span>\n"
		"</span>{\n"
		"\t<span class=\"hljs-keyword\">int</span> s = <span class=\"hljs-number"
		"\">0</span>;\n"
		"\t<span class=\"hljs-keyword\">for</span> (<span class=\"hljs-keyword\""
		">size_t</span> i = <span class=\"hljs-number\">0</span>; i &lt; n; i++)"
		"\n"
		"\t\ts += v[i];\n"
		"\t<span class=\"hljs-keyword\">return</span> s;\n"
		"}\n"
		"\n"
		"<span class=\"hljs-function\"><span class=\"hljs-keyword\">int</span> <"
		"span class=\"hljs-title\">main</span><span class=\"hljs-params\">(<span"
		" class=\"hljs-keyword\">void</span>)</span> </span>{ <span class=\"hljs"
		"-built_in\">printf</span>(<span class=\"hljs-string\">&quot;%d\\n&quot;"
		"</span>, sum((<span class=\"hljs-keyword\">int</span>[]){<span class=\""
		"hljs-number\">1</span>, <span class=\"hljs-number\">2</span>}, <span cl"
		"ass=\"hljs-number\">2</span>)); <span class=\"hljs-keyword\">return</sp"
		"an> <span class=\"hljs-number\">0</span>; }\n" },
	{ "cpp_class", "cpp", 260,
		"#include <vector>\n"
		"namespace app {\n"
		"template <typename T>\n"
		"class Stack : public Base {\n"
		"public:\n"
		"  void push(const T& x) { v_.push_back(x); }\n"
		"  std::size_t size() const noexcept { return v_.size(); }\n"
		"private:\n"
		"  std::vector<T> v_;\n"
		"};\n"
		"}\n"
		"auto s = R\"x(raw \"string\")x\";\n",
		"<span class=\"hljs-meta\">#<span class=\"hljs-meta-keyword\">include</s"
		"pan> <span class=\"hljs-meta-string\">&lt;vector&gt;</span></span>\n"
		"<span class=\"hljs-keyword\">namespace</span> app {\n"
		"<span class=\"hljs-keyword\">template</span> &lt;<span class=\"hljs-key"
		"word\">typename</span> T&gt;\n"
		"<span class=\"hljs-class\"><span class=\"hljs-keyword\">class</span> <s"
		"pan class=\"hljs-title\">Stack</span> :</span> <span class=\"hljs-keywo"
		"rd\">public</span> Base {\n"
		"<span class=\"hljs-keyword\">public</span>:\n"
		"  <span class=\"hljs-function\"><span class=\"hljs-keyword\">void</span"
		"> <span class=\"hljs-title\">push</span><span class=\"hljs-params\">(<s"
		"pan class=\"hljs-keyword\">const</span> T&amp; x)</span> </span>{ v_.<s"
		"pan class=\"hljs-built_in\">push_back</span>(x); }\n"
		"  <span class=\"hljs-function\">std::<span class=\"hljs-keyword\">size_"
		"t</span> <span class=\"hljs-title\">size</span><span class=\"hljs-param"
		"s\">()</span> <span class=\"hljs-keyword\">const</span> <span class=\"h"
		"ljs-keyword\">noexcept</span> </span>{ <span class=\"hljs-keyword\">ret"
		"urn</span> v_.<span class=\"hljs-built_in\">size</span>(); }\n"
		"<span class=\"hljs-keyword\">private</span>:\n"
		"  std::vector&lt;T&gt; v_;\n"
		"};\n"
		"}\n"
		"<span class=\"hljs-keyword\">auto</span> s = <span class=\"hljs-string\""
		">R&quot;x(raw &quot;string&quot;)x&quot;</span>;\n" },
	{ "diff_git", "diff", 141,
		"diff --git a/src/x.c b/src/x.c\n"
		"index 83db48f..bf269f4 100644\n"
		"--- a/src/x.c\n"
		"+++ b/src/x.c\n"
		"@@ -1,3 +1,4 @@\n"
		" int a;\n"
		"-int b;\n"
		"+int b = 1;\n"
		"+int c;\n",
		"<span class=\"hljs-comment\">diff --git a/src/x.c b/src/x.c</span>\n"
		"<span class=\"hljs-comment\">index 83db48f..bf269f4 100644</span>\n"
		"<span class=\"hljs-comment\">--- a/src/x.c</span>\n"
		"<span class=\"hljs-comment\">+++ b/src/x.c</span>\n"
		"<span class=\"hljs-meta\">@@ -1,3 +1,4 @@</span>\n"
		" int a;\n"
		"<span class=\"hljs-deletion\">-int b;</span>\n"
		"<span class=\"hljs-addition\">+int b = 1;</span>\n"
		"<span class=\"hljs-addition\">+int c;</span>\n" },
	{ "dockerfile", "dockerfile", 164,
		"FROM debian:12\n"
		"# build deps\n"
		"ENV LANG=C.UTF-8\n"
		"RUN apt-get update && \\\n"
		"    apt-get install -y cmake \"libcairo2-dev\"\n"
		"COPY . /src\n"
		"EXPOSE 8080\n"
		"CMD [\"scs-pdf\", \"--help\"]\n",
		"<span class=\"hljs-keyword\">FROM</span> debian:<span class=\"hljs-numb"
		"er\">12</span>\n"
		"<span class=\"hljs-comment\"># build deps</span>\n"
		"<span class=\"hljs-keyword\">ENV</span> LANG=C.UTF-<span class=\"hljs-n"
		"umber\">8</span>\n"
		"<span class=\"hljs-keyword\">RUN</span><span class=\"bash\"> apt-get up"
		"date &amp;&amp; \\\n"
		"    apt-get install -y cmake <span class=\"hljs-string\">&quot;libcairo"
		"2-dev&quot;</span></span>\n"
		"<span class=\"hljs-keyword\">COPY</span><span class=\"bash\"> . /src</s"
		"pan>\n"
		"<span class=\"hljs-keyword\">EXPOSE</span> <span class=\"hljs-number\">"
		"8080</span>\n"
		"<span class=\"hljs-keyword\">CMD</span><span class=\"bash\"> [<span cla"
		"ss=\"hljs-string\">&quot;scs-pdf&quot;</span>, <span class=\"hljs-strin"
		"g\">&quot;--help&quot;</span>]</span>\n" },
	{ "ini_inventory", "ini", 77,
		"[group1]\n"
		"hostname1\n"
		"IP-address2\n"
		"# comment\n"
		"\n"
		"[metagroup:children]\n"
		"group1\n"
		"group2\n",
		NULL },
	{ "toml_config", "ini", 133,
		"# settings\n"
		"[server]\n"
		"host = \"example.org\"\n"
		"port = 8080\n"
		"enabled = true\n"
		"paths = [\"/a\", '/b']\n"
		"[server.tls]\n"
		"cert.file = \"${HOME}/cert.pem\"\n",
		"<span class=\"hljs-comment\"># settings</span>\n"
		"<span class=\"hljs-section\">[server]</span>\n"
		"<span class=\"hljs-attr\">host</span> = <span class=\"hljs-string\">&qu"
		"ot;example.org&quot;</span>\n"
		"<span class=\"hljs-attr\">port</span> = <span class=\"hljs-number\">808"
		"0</span>\n"
		"<span class=\"hljs-attr\">enabled</span> = <span class=\"hljs-literal\""
		">true</span>\n"
		"<span class=\"hljs-attr\">paths</span> = [<span class=\"hljs-string\">&"
		"quot;/a&quot;</span>, <span class=\"hljs-string\">&#x27;/b&#x27;</span>"
		"]\n"
		"<span class=\"hljs-section\">[server.tls]</span>\n"
		"<span class=\"hljs-attr\">cert.file</span> = <span class=\"hljs-string\""
		">&quot;${HOME}/cert.pem&quot;</span>\n" },
	{ "html_page", "xml", 184,
		"<!DOCTYPE html>\n"
		"<html lang=\"en\">\n"
		"<!-- page -->\n"
		"<head><style>body { color: #333; }</style></head>\n"
		"<body>\n"
		"  <p class=intro>Hi &amp; bye</p>\n"
		"  <script>var x = 1;</script>\n"
		"</body>\n"
		"</html>\n",
		"<span class=\"hljs-meta\">&lt;!DOCTYPE <span class=\"hljs-meta-keyword\""
		">html</span>&gt;</span>\n"
		"<span class=\"hljs-tag\">&lt;<span class=\"hljs-name\">html</span> <spa"
		"n class=\"hljs-attr\">lang</span>=<span class=\"hljs-string\">&quot;en&"
		"quot;</span>&gt;</span>\n"
		"<span class=\"hljs-comment\">&lt;!-- page --&gt;</span>\n"
		"<span class=\"hljs-tag\">&lt;<span class=\"hljs-name\">head</span>&gt;<"
		"/span><span class=\"hljs-tag\">&lt;<span class=\"hljs-name\">style</spa"
		"n>&gt;</span><span class=\"css\"><span class=\"hljs-selector-tag\">body"
		"</span> { <span class=\"hljs-attribute\">color</span>: <span class=\"hl"
		"js-number\">#333</span>; }</span><span class=\"hljs-tag\">&lt;/<span cl"
		"ass=\"hljs-name\">style</span>&gt;</span><span class=\"hljs-tag\">&lt;/"
		"<span class=\"hljs-name\">head</span>&gt;</span>\n"
		"<span class=\"hljs-tag\">&lt;<span class=\"hljs-name\">body</span>&gt;<"
		"/span>\n"
		"  <span class=\"hljs-tag\">&lt;<span class=\"hljs-name\">p</span> <span"
		" class=\"hljs-attr\">class</span>=<span class=\"hljs-string\">intro</sp"
		"an>&gt;</span>Hi <span class=\"hljs-symbol\">&amp;amp;</span> bye<span "
		"class=\"hljs-tag\">&lt;/<span class=\"hljs-name\">p</span>&gt;</span>\n"
		"  <span class=\"hljs-tag\">&lt;<span class=\"hljs-name\">script</span>&"
		"gt;</span><span class=\"javascript\"><span class=\"hljs-keyword\">var</"
		"span> x = <span class=\"hljs-number\">1</span>;</span><span class=\"hlj"
		"s-tag\">&lt;/<span class=\"hljs-name\">script</span>&gt;</span>\n"
		"<span class=\"hljs-tag\">&lt;/<span class=\"hljs-name\">body</span>&gt;"
		"</span>\n"
		"<span class=\"hljs-tag\">&lt;/<span class=\"hljs-name\">html</span>&gt;"
		"</span>\n" },
	{ "css_rules", "css", 268,
		"@media screen and (max-width: 600px) {\n"
		"  .reveal pre code, #main > p:first-child::before {\n"
		"    font-size: 0.8em !important;\n"
		"    background: url(img/bg.png) #3f3f3f;\n"
		"    transition: opacity 0.3s ease-in-out;\n"
		"  }\n"
		"}\n"
		"/* comment */\n"
		"a[href^=\"http\"] { color: rgb(1, 2, 3); }\n",
		"<span class=\"hljs-keyword\">@media</span> screen <span class=\"hljs-ke"
		"yword\">and</span> (<span class=\"hljs-attribute\">max-width</span>: <s"
		"pan class=\"hljs-number\">600px</span>) {\n"
		"  <span class=\"hljs-selector-class\">.reveal</span> pre <span class=\""
		"hljs-selector-tag\">code</span>, <span class=\"hljs-selector-id\">#main"
		"</span> &gt; <span class=\"hljs-selector-tag\">p</span><span class=\"hl"
		"js-selector-pseudo\">:first</span>-child<span class=\"hljs-selector-pse"
		"udo\">::before</span> {\n"
		"    <span class=\"hljs-attribute\">font-size</span>: <span class=\"hljs"
		"-number\">0.8em</span> <span class=\"hljs-meta\">!important</span>;\n"
		"    <span class=\"hljs-attribute\">background</span>: <span class=\"hlj"
		"s-built_in\">url</span>(<span class=\"hljs-string\">img/bg.png</span>) "
		"<span class=\"hljs-number\">#3f3f3f</span>;\n"
		"    <span class=\"hljs-attribute\">transition</span>: opacity <span cla"
		"ss=\"hljs-number\">0.3s</span> ease-in-out;\n"
		"  }\n"
		"}\n"
		"<span class=\"hljs-comment\">/* comment */</span>\n"
		"<span class=\"hljs-selector-tag\">a</span><span class=\"hljs-selector-a"
		"ttr\">[href^=<span class=\"hljs-string\">&quot;http&quot;</span>]</span"
		"> { <span class=\"hljs-attribute\">color</span>: <span class=\"hljs-bui"
		"lt_in\">rgb</span>(<span class=\"hljs-number\">1</span>, <span class=\""
		"hljs-number\">2</span>, <span class=\"hljs-number\">3</span>); }\n" },
	{ "sql_select", "sql", 214,
		"SELECT id, name, COUNT(*) AS n\n"
		"FROM users u\n"
		"WHERE u.created_at > '2024-01-01' -- recent\n"
		"  AND status IN ('a', 'b')\n"
		"GROUP BY id, name\n"
		"ORDER BY n DESC;\n"
		"CREATE TABLE t (id INT PRIMARY KEY, note VARCHAR(20) NOT NULL);\n",
		"<span class=\"hljs-keyword\">SELECT</span> id, name, <span class=\"hljs"
		"-built_in\">COUNT</span>(<span class=\"hljs-operator\">*</span>) <span "
		"class=\"hljs-keyword\">AS</span> n\n"
		"<span class=\"hljs-keyword\">FROM</span> users u\n"
		"<span class=\"hljs-keyword\">WHERE</span> u.created_at <span class=\"hl"
		"js-operator\">&gt;</span> <span class=\"hljs-string\">&#x27;2024-01-01&"
		"#x27;</span> <span class=\"hljs-comment\">-- recent</span>\n"
		"  <span class=\"hljs-keyword\">AND</span> status <span class=\"hljs-key"
		"word\">IN</span> (<span class=\"hljs-string\">&#x27;a&#x27;</span>, <sp"
		"an class=\"hljs-string\">&#x27;b&#x27;</span>)\n"
		"<span class=\"hljs-keyword\">GROUP</span> <span class=\"hljs-keyword\">"
		"BY</span> id, name\n"
		"<span class=\"hljs-keyword\">ORDER</span> <span class=\"hljs-keyword\">"
		"BY</span> n <span class=\"hljs-keyword\">DESC</span>;\n"
		"<span class=\"hljs-keyword\">CREATE</span> <span class=\"hljs-keyword\""
		">TABLE</span> t (id <span class=\"hljs-type\">INT</span> <span class=\""
		"hljs-keyword\">PRIMARY</span> KEY, note <span class=\"hljs-type\">VARCH"
		"AR</span>(<span class=\"hljs-number\">20</span>) <span class=\"hljs-key"
		"word\">NOT</span> <span class=\"hljs-keyword\">NULL</span>);\n" },
	{ "markdown_doc", "markdown", 156,
		"# Title\n"
		"\n"
		"Some *emphasis*, **strong** and `code`.\n"
		"\n"
		"- item [link](https://example.org)\n"
		"- <b>html</b>\n"
		"\n"
		"> quote\n"
		"\n"
		"```js\n"
		"var x;\n"
		"```\n"
		"\n"
		"[ref]: https://example.org/x\n",
		"<span class=\"hljs-section\"># Title</span>\n"
		"\n"
		"Some <span class=\"hljs-emphasis\">*emphasis*</span>, <span class=\"hlj"
		"s-strong\">**strong**</span> and <span class=\"hljs-code\">`code`</span"
		">.\n"
		"\n"
		"<span class=\"hljs-bullet\">-</span> item [<span class=\"hljs-string\">"
		"link</span>](<span class=\"hljs-link\">https://example.org</span>)\n"
		"<span class=\"hljs-bullet\">-</span> <span class=\"xml\"><span class=\""
		"hljs-tag\">&lt;<span class=\"hljs-name\">b</span>&gt;</span></span>html"
		"<span class=\"xml\"><span class=\"hljs-tag\">&lt;/<span class=\"hljs-na"
		"me\">b</span>&gt;</span></span>\n"
		"\n"
		"<span class=\"hljs-quote\">&gt; quote</span>\n"
		"\n"
		"<span class=\"hljs-code\">```js\n"
		"var x;\n"
		"```</span>\n"
		"\n"
		"[<span class=\"hljs-symbol\">ref</span>]: <span class=\"hljs-link\">htt"
		"ps://example.org/x</span>\n" },
	{ "plaintext", "plaintext", 25,
		"nothing <here> & \"there\"\n",
		"nothing &lt;here&gt; &amp; &quot;there&quot;\n" },
	{ "empty", "bash", 0,
		"",
		"" },
	{ "unterminated_string", "javascript", 36,
		"var s = \"abc\n"
		"var t = `multi\n"
		"line ${x",
		NULL },
	{ "unterminated_comment", "c", 30,
		"int x; /* never closed\n"
		"int y;\n",
		"<span class=\"hljs-keyword\">int</span> x; <span class=\"hljs-comment\""
		">/* never closed\n"
		"int y;\n"
		"</span>" },
	{ "unterminated_python", "python", 22,
		"s = \"\"\"open\n"
		"still open",
		"s = <span class=\"hljs-string\">&quot;&quot;&quot;open\n"
		"still open</span>" },
	{ "nul_bytes", "bash", 15,
		"echo \"a\000b\" # \000\n",
		"<span class=\"hljs-built_in\">echo</span> <span class=\"hljs-string\">&"
		"quot;a\000b&quot;</span> <span class=\"hljs-comment\"># \000</span>\n" },
	{ "json_illegal", "json", 17,
		"{\"a\": 1} trailing",
		NULL },
	{ "nbsp_yaml", "yaml", 22,
		"key:\302\240value\n"
		"\302\240 - item\n",
		"<span class=\"hljs-string\">key:</span>\302\240<span class=\"hljs-strin"
		"g\">value</span>\n"
		"\302\240 <span class=\"hljs-bullet\">-</span> <span class=\"hljs-string"
		"\">item</span>\n" },
	{ "utf8_strings", "python", 43,
		"print(\"h\303\251llo w\303\266rld \346\227\245\346\234\254\350\252\236\""
		")  # \346\263\250\351\207\212\n",
		"<span class=\"hljs-built_in\">print</span>(<span class=\"hljs-string\">"
		"&quot;h\303\251llo w\303\266rld \346\227\245\346\234\254\350\252\236&qu"
		"ot;</span>)  <span class=\"hljs-comment\"># \346\263\250\351\207\212</s"
		"pan>\n" },
	{ "crlf_bash", "bash", 28,
		"echo hi\r\n"
		"# comment\r\n"
		"exit 0\r\n",
		"<span class=\"hljs-built_in\">echo</span> hi\r\n"
		"<span class=\"hljs-comment\"># comment</span>\r\n"
		"<span class=\"hljs-built_in\">exit</span> 0\r\n" },
};

/* ---- helpers ---------------------------------------------------------- */

static const struct hl_language *lang(const char *name)
{
	return hl_language_find(name, strlen(name));
}

static char *render(const char *code, size_t len, const struct hl_spans *sp, size_t first)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	hl_render_html(&sb, code, len, sp->v + first, sp->len - first);
	strbuf_append(&sb, "", 1);
	return sb.s;
}

static bool is_cont(unsigned char c) { return (c & 0xc0) == 0x80; }

/* The contract of highlight.h: document order, nesting recorded in depth,
 * bounds inside the code and never inside a UTF-8 sequence. Returns the
 * number of violations (reported once). */
static int check_spans(const char *what, const char *code, size_t len,
		       const struct hl_span *v, size_t n)
{
	size_t *stack = xmalloc((n + 1) * sizeof *stack), depth = 0;
	int bad = 0;
	const char *why = NULL;
	for (size_t i = 0; i < n && !why; i++) {
		const struct hl_span *s = &v[i];
		while (depth && v[stack[depth - 1]].depth >= s->depth)
			depth--;
		if (s->start > s->end || s->end > len)
			why = "bounds";
		else if (s->depth != depth)
			why = "depth is not the number of enclosing spans";
		else if (depth && (s->start < v[stack[depth - 1]].start ||
				   s->end > v[stack[depth - 1]].end))
			why = "not inside its parent";
		else if (i && s->start < v[i - 1].start)
			why = "out of order";
		else if (i && v[i - 1].depth >= s->depth && s->start < v[i - 1].end)
			why = "overlaps its previous sibling";
		else if (!s->cls || !*s->cls)
			why = "no class";
		for (size_t k = 0; !why && k < 2; k++) {
			size_t b = k ? s->end : s->start;
			/* a boundary inside a well-formed multibyte sequence */
			if (b > 0 && b < len && is_cont((unsigned char)code[b]) &&
			    (unsigned char)code[b - 1] >= 0x80)
				why = "boundary inside a UTF-8 sequence";
		}
		stack[depth++] = i;
	}
	if (why) {
		bad = 1;
		OK(0, "%s: span contract: %s", what, why);
	}
	free(stack);
	return bad;
}

/* ---- the oracle table ------------------------------------------------- */

static void test_oracles(void)
{
	for (size_t i = 0; i < ARRAY_LEN(oracles); i++) {
		const struct oracle *o = &oracles[i];
		const struct hl_language *l = lang(o->lang);
		OK(l != NULL, "%s: language %s", o->name, o->lang);
		if (!l)
			continue;
		struct hl_spans sp = { 0 };
		enum hl_status st = hl_highlight(l, o->code, o->len, &sp);
		if (!o->html) {
			INT_EQ(st, HL_ILLEGAL, "%s: highlight.js leaves it plain", o->name);
			INT_EQ(sp.len, 0, "%s: no spans", o->name);
		} else {
			INT_EQ(st, HL_OK, "%s: status", o->name);
			char *html = render(o->code, o->len, &sp, 0);
			STR_EQ(html, o->html, "%s: as highlight.js", o->name);
			free(html);
			check_spans(o->name, o->code, o->len, sp.v, sp.len);
		}
		free(sp.v);
	}
}

/* ---- spans: the structure the DOM pass relies on ---------------------- */

static void test_span_structure(void)
{
	/* bash: `"$x"` is a variable inside a string */
	const char *code = "echo \"a $x\"";
	struct hl_spans sp = { 0 };
	INT_EQ(hl_highlight(lang("bash"), code, strlen(code), &sp), HL_OK, "bash");
	INT_EQ(sp.len, 3, "built_in, string, variable");
	if (sp.len == 3) {
		STR_EQ(sp.v[0].cls, "built_in", "echo");
		INT_EQ(sp.v[0].start, 0, "echo start");
		INT_EQ(sp.v[0].end, 4, "echo end");
		STR_EQ(sp.v[1].cls, "string", "string");
		INT_EQ(sp.v[1].start, 5, "string start");
		INT_EQ(sp.v[1].end, 11, "string end");
		INT_EQ(sp.v[1].depth, 0, "string depth");
		STR_EQ(sp.v[2].cls, "variable", "variable");
		INT_EQ(sp.v[2].start, 8, "variable start");
		INT_EQ(sp.v[2].end, 10, "variable end");
		INT_EQ(sp.v[2].depth, 1, "variable inside the string");
		OK(!sp.v[2].sublang, "not a language wrapper");
	}

	/* C: meta-keyword keeps its meta parent, which gives it its colour */
	sp.len = 0;
	code = "#include <stdio.h>\n";
	INT_EQ(hl_highlight(lang("c"), code, strlen(code), &sp), HL_OK, "c");
	OK(sp.len == 3 && !strcmp(sp.v[0].cls, "meta") && sp.v[1].depth == 1 &&
	   !strcmp(sp.v[1].cls, "meta-keyword") && !strcmp(sp.v[2].cls, "meta-string"),
	   "meta > meta-keyword, meta-string");

	/* a sub-language is wrapped in a span named after it, no prefix */
	sp.len = 0;
	code = "RUN make && echo ok\n";
	INT_EQ(hl_highlight(lang("dockerfile"), code, strlen(code), &sp), HL_OK, "docker");
	bool wrapper = false;
	for (size_t i = 0; i < sp.len; i++)
		if (sp.v[i].sublang && !strcmp(sp.v[i].cls, "bash"))
			wrapper = true;
	OK(wrapper, "RUN holds bash");
	char *html = render(code, strlen(code), &sp, 0);
	STR_EQ(html, "<span class=\"hljs-keyword\">RUN</span><span class=\"bash\"> make &amp;&amp; "
		     "<span class=\"hljs-built_in\">echo</span> ok</span>\n", "docker html");
	free(html);

	/* spans are appended; a failure appends nothing */
	size_t before = sp.len;
	code = "{\"a\": true}";
	INT_EQ(hl_highlight(lang("json"), code, strlen(code), &sp), HL_OK, "json");
	OK(sp.len > before, "appended");
	html = render(code, strlen(code), &sp, before);
	STR_EQ(html, "{<span class=\"hljs-attr\">&quot;a&quot;</span>: "
		     "<span class=\"hljs-literal\">true</span>}", "appended spans alone");
	free(html);
	before = sp.len;
	code = "{\"a\": true} x";
	INT_EQ(hl_highlight(lang("json"), code, strlen(code), &sp), HL_ILLEGAL, "json x");
	INT_EQ(sp.len, before, "nothing appended on failure");
	free(sp.v);

	/* empty spans exist (python.js: empty params of a decorator call at
	 * the very end) and must nest by depth, not by position */
	sp = (struct hl_spans){ 0 };
	code = "@deco(";
	INT_EQ(hl_highlight(lang("python"), code, strlen(code), &sp), HL_OK, "deco");
	html = render(code, strlen(code), &sp, 0);
	STR_EQ(html, "<span class=\"hljs-meta\">@deco(<span class=\"hljs-params\"></span></span>",
	       "an empty span inside its parent at the end");
	free(html);
	check_spans("deco", code, strlen(code), sp.v, sp.len);
	free(sp.v);
}

/* ---- language lookup -------------------------------------------------- */

static void test_lookup(void)
{
	static const char *const names[][2] = {
		{ "bash", "bash" }, { "sh", "bash" }, { "zsh", "bash" },
		{ "shell", "shell" }, { "console", "shell" },
		{ "yaml", "yaml" }, { "yml", "yaml" }, { "json", "json" },
		{ "python", "python" }, { "py", "python" }, { "gyp", "python" },
		{ "go", "go" }, { "golang", "go" },
		{ "javascript", "javascript" }, { "js", "javascript" }, { "jsx", "javascript" },
		{ "mjs", "javascript" }, { "typescript", "typescript" }, { "ts", "typescript" },
		{ "c", "c" }, { "h", "c" }, { "cpp", "cpp" }, { "c++", "cpp" }, { "hpp", "cpp" },
		{ "cc", "cpp" }, { "diff", "diff" }, { "patch", "diff" },
		{ "dockerfile", "dockerfile" }, { "docker", "dockerfile" },
		{ "ini", "ini" }, { "toml", "ini" }, { "xml", "xml" }, { "html", "xml" },
		{ "svg", "xml" }, { "css", "css" }, { "sql", "sql" },
		{ "markdown", "markdown" }, { "md", "markdown" },
		{ "plaintext", "plaintext" }, { "text", "plaintext" }, { "txt", "plaintext" },
		/* getLanguage() lower-cases */
		{ "JS", "javascript" }, { "Bash", "bash" }, { "YAML", "yaml" },
	};
	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		const struct hl_language *l = lang(names[i][0]);
		OK(l != NULL, "%s found", names[i][0]);
		if (l)
			STR_EQ(hl_language_name(l), names[i][1], "%s", names[i][0]);
	}
	OK(!lang("rust"), "not in this highlighter");
	OK(!lang(""), "empty name");
	OK(!lang("mermaid"), "a diagram, not a language");
	OK(hl_language_find("bashx", 4) == lang("bash"), "the name is length-delimited");
	OK(!hl_language_find("b", 1), "prefix only");

	/* finishView calls hljs.highlight() only for listed names */
	OK(hl_language_is_registered("bash", 4), "bash is registered");
	OK(hl_language_is_registered("javascript", 10), "javascript is registered");
	OK(!hl_language_is_registered("js", 2), "js is an alias: highlightAuto");
	OK(!hl_language_is_registered("Bash", 4), "case-sensitive");
	OK(!hl_language_is_registered("sh", 2), "sh is an alias");

	/* no language: plain text */
	struct hl_spans sp = { 0 };
	INT_EQ(hl_highlight(NULL, "x", 1, &sp), HL_OK, "NULL language");
	INT_EQ(sp.len, 0, "no spans");

	size_t n = 0;
	while (hl_language_at(n))
		n++;
	INT_EQ(n, 18, "languages");
}

/* ---- robustness ------------------------------------------------------- */

static uint32_t rng = 12345;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* Random text from code fragments and arbitrary bytes, for every language:
 * any status but a crash, and the span contract whenever it is OK. */
static void test_random(void)
{
	static const char *const frag[] = {
		"\"", "'", "`", "/", "*", "\\", "\n", "{", "}", "(", ")", "[", "]",
		"<", ">", "$", "#", "-", "=", ":", ",", ";", "@", "!", " ", "\t", "\r",
		"\xc3\xa9", "\xe6\x97\xa5", "\xc2\xa0", "\xe2\x80\xa8", "<!--", "*/",
		"/*", "${", "\"\"\"", "'''", "```", "</", "html`", "<div>", "</div>",
		"<script>", "</script>", "<style>", "a", "if", "for", "x1", "0x1F",
		"1.5e3", "true", "null", "def ", "function ", "class ", "<<EOF\n",
		"EOF", "R\"(", ")\"", "---\n", "- ", "key: ", "|\n  ", "\xff", "\x80",
		"\xc3", "\0",
	};
	char buf[512];
	int bad = 0, runs = 0;
	for (size_t li = 0; hl_language_at(li); li++) {
		const struct hl_language *l = hl_language_at(li);
		for (int iter = 0; iter < 300; iter++) {
			size_t len = 0, parts = rnd() % 60;
			for (size_t k = 0; k < parts; k++) {
				const char *f = frag[rnd() % ARRAY_LEN(frag)];
				size_t fl = f[0] ? strlen(f) : 1;
				char one = (char)rnd();
				if (rnd() % 8 == 0) {
					f = &one;       /* any byte */
					fl = 1;
				}
				if (len + fl > sizeof buf)
					break;
				memcpy(buf + len, f, fl);
				len += fl;
			}
			struct hl_spans sp = { 0 };
			enum hl_status st = hl_highlight(l, buf, len, &sp);
			runs++;
			if (st == HL_OK)
				bad += check_spans(hl_language_name(l), buf, len, sp.v, sp.len);
			else if (st != HL_ILLEGAL && st != HL_LIMIT)
				bad++;
			free(sp.v);
			if (bad)
				break;
		}
	}
	INT_EQ(bad, 0, "random input (%d runs)", runs);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}


/* A 1 MB line, and text built to be slow, must finish fast: the engine is
 * linear and a work budget turns the rest into a plain block. */
static void test_large(void)
{
	size_t n = 1u << 20;
	char *big = xmalloc(n);
	static const struct { const char *lang, *unit; } cases[] = {
		{ "bash", "a" }, { "javascript", "a" }, { "yaml", "a b: " },
		{ "json", "\"" }, { "markdown", "`" }, { "cpp", "int a " },
		{ "python", "f\"{" }, { "xml", "<a " }, { "css", "a b " },
		{ "javascript", "<a>" }, { "sql", "(" }, { "javascript", "-" },
		{ "yaml", "\"" }, { "markdown", "[a](" },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		size_t ul = strlen(cases[i].unit);
		for (size_t k = 0; k < n; k++)
			big[k] = cases[i].unit[k % ul];
		struct hl_spans sp = { 0 };
		double t0 = now();
		enum hl_status st = hl_highlight(lang(cases[i].lang), big, n, &sp);
		double dt = now() - t0;
		OK(dt < 5.0 * SLOWDOWN, "%s of 1 MB of '%s' took %.2f s", cases[i].lang,
		   cases[i].unit, dt);
		if (st == HL_OK)
			check_spans(cases[i].lang, big, n, sp.v, sp.len);
		free(sp.v);
	}

	/* random bytes, and random printable text on one line */
	for (int kind = 0; kind < 2; kind++) {
		for (size_t k = 0; k < n; k++)
			big[k] = kind ? (char)(32 + rnd() % 95) : (char)rnd();
		for (size_t li = 0; hl_language_at(li); li++) {
			const struct hl_language *l = hl_language_at(li);
			size_t len = n >> 4;    /* 64 KB each, 1 MB for two */
			if (!strcmp(hl_language_name(l), "markdown") ||
			    !strcmp(hl_language_name(l), "javascript"))
				len = n;
			struct hl_spans sp = { 0 };
			double t0 = now();
			enum hl_status st = hl_highlight(l, big, len, &sp);
			double dt = now() - t0;
			OK(dt < 5.0 * SLOWDOWN, "%s: %zu random %s took %.2f s",
			   hl_language_name(l), len, kind ? "chars" : "bytes", dt);
			if (st == HL_OK)
				check_spans(hl_language_name(l), big, len, sp.v, sp.len);
			free(sp.v);
		}
	}
	free(big);

	/* nesting beyond MAX_HL_DEPTH: the block stays plain */
	char nest[MAX_HL_DEPTH + 8];
	memset(nest, '[', sizeof nest);
	struct hl_spans sp = { 0 };
	INT_EQ(hl_highlight(lang("json"), nest, sizeof nest, &sp), HL_LIMIT, "too deep");
	INT_EQ(sp.len, 0, "nothing appended");
	free(sp.v);
	/* and a depth real code reaches is fine */
	char ok[] = "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]";
	INT_EQ(hl_highlight(lang("json"), ok, strlen(ok), &sp), HL_OK, "20 deep");
	free(sp.v);
}

int main(void)
{
	test_oracles();
	test_span_structure();
	test_lookup();
	test_random();
	test_large();
	return done_testing();
}
