/*
 * net_guard.h — what --safe --allow-remote may connect to: public unicast
 * addresses only, checked on the address libcurl is about to connect to
 * (after DNS resolution, for every redirect and every address tried), so
 * neither a name that resolves to 127.0.0.1 nor a redirect to 10.0.0.1 nor
 * DNS rebinding reaches a service on the server's own network.
 * --allow-private turns the check off.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_NET_GUARD_H
#define SCS_NET_GUARD_H

#include <stdbool.h>
#include <sys/socket.h>

#include "resources/libcurl_dl.h"

/* What a refused transfer reports instead of libcurl's error, which could
 * tell an open port from a closed one. */
#define NET_GUARD_REFUSED "--safe: refused: not a public address (loopback, private, " \
	"link-local, multicast or unspecified; --allow-private allows it)"

/* Whether sa (AF_INET or AF_INET6) is a public unicast address: not
 * unspecified, loopback, private (RFC 1918, RFC 4193), shared (RFC 6598),
 * link-local, multicast, reserved, IPv4-mapped or -compatible, nor
 * NAT64/6to4 around a non-public IPv4 address. */
bool net_addr_public(const struct sockaddr *sa);

/* Make transfer h open sockets only to public addresses; *refused is set
 * when one was not opened for that reason (h then fails to connect). */
void net_guard_transfer(const struct libcurl *cu, CURL *h, bool *refused);

#endif
