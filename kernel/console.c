/*
 * console.c: COM1 (16550 at 0x3F8, 115200 8N1) and kprintf.
 *
 * Output is polled: every byte waits for the transmit holding register,
 * so a message is on the wire before a panic stops the machine.  kprintf
 * is a small formatter of its own (no floats, no locale, no allocation)
 * so that it is safe from exception handlers and syscalls alike.
 *
 * Interface: kern_console_init, kern_console_write, kprintf, kvprintf.
 */
#include <stdarg.h>
#include <stdint.h>

#include "io.h"
#include "kernel.h"

#define COM1		0x3f8
#define COM_THR		0	/* transmit holding register */
#define COM_IER		1	/* interrupt enable */
#define COM_FCR		2	/* FIFO control */
#define COM_LCR		3	/* line control */
#define COM_MCR		4	/* modem control */
#define COM_LSR		5	/* line status */
#define LSR_THRE	0x20	/* transmit holding register empty */
#define LCR_DLAB	0x80

static bool console_ready;

/* see kernel.h */
void
kern_console_init(void)
{
	outb(COM1 + COM_IER, 0);
	outb(COM1 + COM_LCR, LCR_DLAB);
	outb(COM1 + 0, 1);		/* divisor 1: 115200 baud */
	outb(COM1 + 1, 0);
	outb(COM1 + COM_LCR, 0x03);	/* 8 bits, no parity, 1 stop */
	outb(COM1 + COM_FCR, 0x07);	/* enable and clear FIFOs */
	outb(COM1 + COM_MCR, 0x03);	/* DTR, RTS */
	console_ready = true;
}

static void
console_putc(char c)
{
	int spins;

	/* Bounded, so a missing UART cannot hang the machine. */
	for (spins = 0; spins < 100000; spins++)
		if (inb(COM1 + COM_LSR) & LSR_THRE)
			break;
	outb(COM1 + COM_THR, (uint8_t)c);
}

/* see kernel.h */
void
kern_console_write(const char *buf, size_t n)
{
	size_t i;

	if (!console_ready)
		kern_console_init();
	for (i = 0; i < n; i++) {
		if (buf[i] == '\n')
			console_putc('\r');
		console_putc(buf[i]);
	}
}

/* A small output buffer so a line goes out in one write. */
struct out {
	char buf[128];
	size_t len;
};

static void
out_char(struct out *o, char c)
{
	if (o->len == sizeof(o->buf)) {
		kern_console_write(o->buf, o->len);
		o->len = 0;
	}
	o->buf[o->len++] = c;
}

struct spec {
	int width;
	bool zero;
	bool left;
	int base;
	bool upper;
	bool neg;
};

static void
out_number(struct out *o, uint64_t v, const struct spec *s)
{
	const char *digits = s->upper ? "0123456789ABCDEF" :
	    "0123456789abcdef";
	char tmp[24];
	int n = 0, pad;

	do {
		tmp[n++] = digits[v % (unsigned)s->base];
		v /= (unsigned)s->base;
	} while (v != 0);
	pad = s->width - n - (s->neg ? 1 : 0);
	if (s->neg && s->zero)
		out_char(o, '-');
	while (!s->left && pad-- > 0)
		out_char(o, s->zero ? '0' : ' ');
	if (s->neg && !s->zero)
		out_char(o, '-');
	while (n > 0)
		out_char(o, tmp[--n]);
	while (s->left && pad-- > 0)
		out_char(o, ' ');
}

static void
out_string(struct out *o, const char *str, const struct spec *s)
{
	int n = 0, pad;

	if (str == NULL)
		str = "(null)";
	while (str[n] != '\0')
		n++;
	pad = s->width - n;
	while (!s->left && pad-- > 0)
		out_char(o, ' ');
	while (*str != '\0')
		out_char(o, *str++);
	while (s->left && pad-- > 0)
		out_char(o, ' ');
}

/* Read an integer argument of the given length modifier (0, 'l', 'L'). */
static uint64_t
arg_int(va_list *ap, int len, bool is_signed, bool *neg)
{
	int64_t sv;

	*neg = false;
	if (!is_signed)
		return len ? va_arg(*ap, unsigned long) :
		    va_arg(*ap, unsigned int);
	sv = len ? va_arg(*ap, long) : va_arg(*ap, int);
	if (sv < 0) {
		*neg = true;
		return (uint64_t)0 - (uint64_t)sv;
	}
	return (uint64_t)sv;
}

/* see kernel.h */
void
kvprintf(const char *fmt, va_list ap0)
{
	struct out o = { .len = 0 };
	struct spec s;
	va_list ap;
	int len;

	va_copy(ap, ap0);
	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%') {
			out_char(&o, *fmt);
			continue;
		}
		s = (struct spec){ .base = 10 };
		for (fmt++; *fmt == '0' || *fmt == '-'; fmt++)
			*(*fmt == '0' ? &s.zero : &s.left) = true;
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			s.width = s.width * 10 + (*fmt - '0');
		/* l, ll, z, j all mean 64 bits here. */
		for (len = 0; *fmt == 'l' || *fmt == 'z' || *fmt == 'j'; fmt++)
			len = 'l';
		switch (*fmt) {
		case 'd':
		case 'i':
			out_number(&o, arg_int(&ap, len, true, &s.neg), &s);
			break;
		case 'u':
			out_number(&o, arg_int(&ap, len, false, &s.neg), &s);
			break;
		case 'X':
			s.upper = true;
			/* FALLTHROUGH */
		case 'x':
			s.base = 16;
			out_number(&o, arg_int(&ap, len, false, &s.neg), &s);
			break;
		case 'p':
			out_string(&o, "0x", &(struct spec){ 0 });
			s.base = 16;
			out_number(&o, (uint64_t)va_arg(ap, void *), &s);
			break;
		case 's':
			out_string(&o, va_arg(ap, const char *), &s);
			break;
		case 'c':
			out_char(&o, (char)va_arg(ap, int));
			break;
		case '\0':
			fmt--;
			break;
		default:
			out_char(&o, *fmt);
			break;
		}
	}
	va_end(ap);
	kern_console_write(o.buf, o.len);
}

/* see kernel.h */
void
kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}
