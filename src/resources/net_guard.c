/*
 * net_guard.c — public addresses only (see net_guard.h).
 *
 * libcurl calls CURLOPT_OPENSOCKETFUNCTION with the address of each
 * connection it is about to make: the proxy's, the server's after DNS
 * resolution, each redirect target's, each address of a name it tries.
 * Refusing there, before any packet is sent, leaves no time for a second
 * DNS answer to differ (rebinding) and nothing to learn about what listens.
 *
 * SPDX-License-Identifier: MIT
 */
#include "resources/net_guard.h"

#include <netinet/in.h>
#include <stdint.h>
#include <string.h>

/* An IPv4 address (host order) that is public. */
static bool v4_public(uint32_t a)
{
	static const struct { uint32_t net, mask; } blocked[] = {
		{ 0x00000000, 0xff000000 },  /* 0/8: this network, unspecified */
		{ 0x0a000000, 0xff000000 },  /* 10/8 private */
		{ 0x64400000, 0xffc00000 },  /* 100.64/10 shared (carrier NAT) */
		{ 0x7f000000, 0xff000000 },  /* 127/8 loopback */
		{ 0xa9fe0000, 0xffff0000 },  /* 169.254/16 link-local */
		{ 0xac100000, 0xfff00000 },  /* 172.16/12 private */
		{ 0xc0000000, 0xffffff00 },  /* 192.0.0/24 protocol assignments */
		{ 0xc0a80000, 0xffff0000 },  /* 192.168/16 private */
		{ 0xc6120000, 0xfffe0000 },  /* 198.18/15 benchmarking */
		{ 0xe0000000, 0xf0000000 },  /* 224/4 multicast */
		{ 0xf0000000, 0xf0000000 },  /* 240/4 reserved, broadcast */
	};
	for (size_t i = 0; i < sizeof blocked / sizeof blocked[0]; i++)
		if ((a & blocked[i].mask) == blocked[i].net)
			return false;
	return true;
}

static uint32_t be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* exported function documented in net_guard.h */
bool net_addr_public(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
		return v4_public(ntohl(in->sin_addr.s_addr));
	}
	if (sa->sa_family != AF_INET6)
		return false;
	const uint8_t *b = ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr;
	static const uint8_t zero[10];
	if (!memcmp(b, zero, 10) && ((b[10] == 0 && b[11] == 0) || (b[10] == 0xff && b[11] == 0xff)))
		return false;        /* ::, ::1, IPv4-compatible ::/96, mapped ::ffff:0:0/96 */
	if (b[0] == 0xff)
		return false;        /* ff00::/8 multicast */
	if ((b[0] & 0xfe) == 0xfc)
		return false;        /* fc00::/7 unique local */
	if (b[0] == 0xfe && (b[1] & 0x80))
		return false;        /* fe80::/10 link-local, fec0::/10 site-local */
	if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
		return false;        /* 2001:db8::/32 documentation */
	/* an IPv4 address inside: NAT64 64:ff9b::/96, 6to4 2002::/16 */
	if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b &&
	    !memcmp(b + 4, zero, 8))
		return v4_public(be32(b + 12));
	if (b[0] == 0x20 && b[1] == 0x02)
		return v4_public(be32(b + 2));
	return true;
}

static curl_socket_t open_socket(void *ctx, curlsocktype purpose, struct curl_sockaddr *a)
{
	(void)purpose;
	if (!net_addr_public(&a->addr)) {
		*(bool *)ctx = true;
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype, a->protocol);
}

/* exported function documented in net_guard.h */
void net_guard_transfer(const struct libcurl *cu, CURL *h, bool *refused)
{
	cu->easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	cu->easy_setopt(h, CURLOPT_OPENSOCKETDATA, refused);
}
