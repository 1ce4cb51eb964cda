/*
 * test_net_guard.c — which addresses --safe --allow-remote connects to
 * (net_guard.h): every non-public range of IPv4 and IPv6, the IPv6 forms
 * that carry an IPv4 address, and public addresses on both sides of each
 * range's edge.
 *
 * SPDX-License-Identifier: MIT
 */
#include "harness.h"
#include "resources/net_guard.h"

#include <arpa/inet.h>
#include <netinet/in.h>

static bool is_public(const char *text)
{
	struct sockaddr_storage ss = { 0 };
	if (strchr(text, ':')) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
		a->sin6_family = AF_INET6;
		if (inet_pton(AF_INET6, text, &a->sin6_addr) != 1)
			return true;   /* reported as a failure below */
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;
		a->sin_family = AF_INET;
		if (inet_pton(AF_INET, text, &a->sin_addr) != 1)
			return true;
	}
	return net_addr_public((const struct sockaddr *)&ss);
}

int main(void)
{
	static const char *const refused[] = {
		"0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "100.64.0.1",
		"100.127.255.254", "127.0.0.1", "127.255.0.1", "169.254.169.254", "172.16.0.1",
		"172.31.255.255", "192.0.0.8", "192.168.1.1", "198.18.0.1", "198.19.255.255",
		"224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
		"::", "::1", "::127.0.0.1", "::ffff:127.0.0.1", "::ffff:8.8.8.8", "fe80::1",
		"febf::1", "fec0::1", "fc00::1", "fd12:3456::1", "ff02::1", "ff05::2",
		"64:ff9b::7f00:1", "64:ff9b::a00:1", "2002:7f00:1::", "2002:c0a8:101::1",
		"2001:db8::1",
	};
	static const char *const allowed[] = {
		"1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.0", "100.63.255.255",
		"100.128.0.0", "126.255.255.255", "128.0.0.0", "169.253.0.1", "172.15.255.255",
		"172.32.0.0", "192.167.1.1", "192.169.0.1", "198.17.255.255", "198.20.0.0",
		"223.255.255.255", "2001:4860:4860::8888", "2606:4700::1111", "64:ff9b::808:808",
		"2002:808:808::1", "fbff::1",
	};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
		OK(!is_public(refused[i]), "%s is refused", refused[i]);
	for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++)
		OK(is_public(allowed[i]), "%s is allowed", allowed[i]);
	struct sockaddr un = { .sa_family = AF_UNIX };
	OK(!net_addr_public(&un), "a Unix socket is refused");
	return done_testing();
}
