"""Limits a scenario, a parameter file and the files they come in must keep.

Every number and list in the input has a finite range, so that no file,
careless or hostile, can make loading or a run allocate without end, run for
ever or overflow: each limit below is stated once, with why it is where it
is, and the schema and the reader quote it in their errors. The limits are
far beyond any historical case (the reference scenario uses a tenth of each
or less) and beyond the scaled scenarios the benchmarks build.
"""

# --------------------------------------------------------------------------- files

#: Largest input file read, in bytes (1 MiB). The reference scenario, with its
#: comments, is 64 KB; the largest scenario the limits below allow fits in
#: less. The round-trip YAML parser reads dense YAML at about 80 KB a second,
#: so the slowest file at the limit is read in about 14 seconds of CPU, and a
#: 20 MB string is refused at once.
MAX_FILE_BYTES = 1 << 20

#: Deepest nesting of YAML lists and mappings. The scenario format nests six
#: levels (``levers[i].add_events[j].body_sizes``); the parser is recursive
#: and would fail with no message on a file nested thousands deep.
MAX_YAML_DEPTH = 20

#: Most digits in a YAML number: a wider one is no count or share of this
#: format, and Python refuses to convert integers of more than 4,300 digits.
MAX_NUMBER_DIGITS = 30

# --------------------------------------------------------------------------- text

#: Longest name, title or override (an actor's, an office's, an event's...).
MAX_NAME_LENGTH = 200

#: Longest free text: a description or a citation of a source.
MAX_TEXT_LENGTH = 4000

#: Most aliases a record may use for one actor, office or doctrine.
MAX_ALIASES = 20

# --------------------------------------------------------------------------- calendar

#: First month a calendar, an event or a standing alliance may name: the
#: format is for parties of the modern era (the oldest ruling parties date
#: from the nineteenth century).
EARLIEST_MONTH = "1800-01"

#: Last month any date may name.
LATEST_MONTH = "2100-12"

#: Longest calendar, in monthly steps (100 years). A succession struggle
#: lasts years, not centuries; the engine keeps a row per month of every
#: series, and membership grows with every recruitment wave, so an unbounded
#: calendar is unbounded memory and, in the end, an overflow.
MAX_MONTHS = 1200

#: Longest statutory interval between a body's meetings, in months (ten
#: years): a body that meets more rarely has, in effect, no interval at all.
MAX_MEETS_EVERY = 120

# --------------------------------------------------------------------------- sizes

#: Most contenders a scenario may mark: each month the engine computes every
#: contender's exact voting power over all 2^n coalitions of their blocs.
MAX_CONTENDERS = 16

#: Most named actors. The engine keeps several actor-by-actor matrices
#: (enmity, alliances); the largest Central Committees had about 300 full
#: members and 150 candidates.
MAX_ACTORS = 500

#: Most offices a scenario may define.
MAX_OFFICES = 200

#: Most seats (holders at once) of one office: a Secretariat had ten or so
#: secretaries; the engine keeps an entry per seat.
MAX_OFFICE_SEATS = 50

#: Most bodies a scenario may define (one top, one electing, one congress and
#: any number of disciplinary bodies).
MAX_BODIES = 20

#: Most seats in one body, at the start or as a congress resizes it. The
#: engine keeps an array entry per seat. The largest party congresses had
#: about 5,000 delegates (the CPSU's of the 1980s); the limit leaves room for
#: the reference scenario scaled ten times over, as the tests scale it.
MAX_BODY_SEATS = 20_000

#: Most provincial organisations, listed and grouped together. The engine
#: keeps members per province and contender; the CPSU had about 150
#: provincial committees, the CCP's counties number under 3,000 in all.
MAX_PROVINCES = 2000

#: Most provinces one province group may stand for.
MAX_GROUP_PROVINCES = 500

#: Most members of one provincial organisation at the start. The largest
#: (a Chinese province's) number a few million; recruitment waves then grow
#: membership by rule during a run.
MAX_PROVINCE_MEMBERS = 10_000_000

#: Most members the whole party may have, at the start or at any time in a run.
#: The largest ruling party, China's, has about 100 million members; without a
#: ceiling, recruitment waves (each a share of the membership) compound without
#: end over a long calendar, past any float (2^1,200) in a century of monthly
#: waves that double it. A wave that would pass the ceiling recruits up to it.
MAX_PARTY_MEMBERS = 1_000_000_000

#: Most doctrines a scenario may define.
MAX_DOCTRINES = 100

#: Most scheduled events, random shocks, levers, record events weighed by
#: validation, standing alliances (and, with the same limit, camps) and
#: sources a scenario may list: each list is read whole at load, and events
#: and shocks once a month of a run.
MAX_EVENTS = 1000
MAX_RANDOM_SHOCKS = 100
MAX_LEVERS = 50
MAX_KEY_EVENTS = 1000
MAX_ALLIANCES = 100
MAX_SOURCES = 1000

#: Most changes one lever makes (overrides, doctrines removed, events added
#: or removed, each list on its own). Every lever is applied at load to
#: check it, one override at a time: levers times changes bounds that work.
MAX_LEVER_CHANGES = 20
