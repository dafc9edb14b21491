"""Pure renderers: data in, :class:`View` (HTML text and an inline keyboard) out. No I/O here."""
