/* Generated: one line per colour, joined by JOINER (defined by the includer). */
add_colour(mod, "BLACK", 0x000000UL) JOINER
add_colour(mod, "CRIMSON", 0xdc143cUL) JOINER
add_colour(mod, "OLIVE", 0x808000UL) JOINER
add_colour(mod, "TEAL", 0x008080UL) JOINER
add_colour(mod, "WHITE", 0xffffffUL) JOINER
