/*
 * http_fmt.c: the response side of HTTP/1.1: reason phrases, the
 * IMF-fixdate (RFC 9110 5.6.7) and the response head.  Pure functions.
 *
 * Interface: http_reason, http_format_date, http_format_head.
 */
#include <stdio.h>

#include "http.h"

/* see http.h */
const char *
http_reason(int status)
{
	switch (status) {
	case 100: return "Continue";
	case 200: return "OK";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 417: return "Expectation Failed";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	case 505: return "HTTP Version Not Supported";
	}
	return "Unknown";
}

/* see http.h */
void
http_format_date(char out[HTTP_DATE_LEN + 1], uint64_t secs)
{
	static const char wday[7][4] = { "Thu", "Fri", "Sat", "Sun", "Mon",
	    "Tue", "Wed" };
	static const char mon[12][4] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	uint64_t days = secs / 86400, rem = secs % 86400;
	uint64_t z, era, doe, yoe, doy, mp, d, m, y;

	/* Civil date from days since 1970-01-01 (a Thursday), by the
	 * era/day-of-era method for the proleptic Gregorian calendar. */
	z = days + 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y = yoe + era * 400 + (m <= 2);
	if (y > 9999)
		y = 9999;	/* keep the fixed width */
	snprintf(out, HTTP_DATE_LEN + 1, "%s, %02u %s %04u %02u:%02u:%02u GMT",
	    wday[days % 7], (unsigned)d, mon[m - 1], (unsigned)y,
	    (unsigned)(rem / 3600), (unsigned)(rem / 60 % 60),
	    (unsigned)(rem % 60));
}

/* see http.h */
size_t
http_format_head(char *buf, size_t size, const struct http_head *h,
    uint64_t wall_ns)
{
	char date[HTTP_DATE_LEN + 1], cl[40];
	int n;

	if (h->status < 200) {	/* interim: the status line only */
		n = snprintf(buf, size, "HTTP/1.1 %d %s\r\n\r\n", h->status,
		    http_reason(h->status));
		return n < 0 || (size_t)n >= size ? 0 : (size_t)n;
	}
	cl[0] = '\0';
	/* No Content-Length on 204 (RFC 9110 8.6); a 304 keeps it. */
	if (!h->no_length && h->status != 204)
		snprintf(cl, sizeof cl, "Content-Length: %llu\r\n",
		    (unsigned long long)h->length);

	http_format_date(date, wall_ns / 1000000000u);
	n = snprintf(buf, size,
	    "HTTP/1.1 %d %s\r\n"
	    "Date: %s\r\n"
	    "Server: " HTTP_SERVER_NAME "\r\n"
	    "%s%s%s"
	    "%s"
	    "%s"
	    "%s"
	    "%s"
	    "\r\n",
	    h->status, http_reason(h->status), date,
	    h->type != NULL ? "Content-Type: " : "",
	    h->type != NULL ? h->type : "",
	    h->type != NULL ? "\r\n" : "",
	    cl,
	    h->close ? "Connection: close\r\n" :
	    h->keep_alive_10 ? "Connection: keep-alive\r\n" : "",
	    h->extra != NULL ? h->extra : "",
	    h->extra2 != NULL ? h->extra2 : "");
	if (n < 0 || (size_t)n >= size)
		return 0;
	return (size_t)n;
}
