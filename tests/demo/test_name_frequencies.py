"""Issue 19: the demo force's names are drawn with frequencies shaped like England and Wales, so a
1,000,000-child force has the name collisions a real force has (median people per full name <= 3;
it was 135 when every name of a short pool was equally likely)."""

import random
import statistics
from collections import Counter

from safeguarding.demo import names
from safeguarding.demo.force import DISTRICTS

FORCE = 1_000_000


def _children_by_heritage(children: int) -> Counter:
    """How many of `children` belong to each heritage group, with the demo districts' mix."""
    shares: Counter = Counter()
    for plan in DISTRICTS:
        for ethnicity, share in plan.ethnicity.items():
            if ethnicity == "mixed":
                for pair in names.MIXED_PAIRS:  # one side's names, as the generator picks
                    shares[pair[0]] += plan.share * share / len(names.MIXED_PAIRS)
                continue
            for heritage, weight in names.HERITAGES_BY_ETHNICITY[ethnicity]:
                shares[heritage] += plan.share * share * weight
    total = sum(shares.values())
    return Counter({heritage: round(children * share / total) for heritage, share in shares.items()})


def _full_names(children: int, draw) -> Counter:
    """The full names of `children` drawn as the generator draws a child's (half girls)."""
    rng = random.Random(19)
    counts: Counter = Counter()
    for heritage, n in _children_by_heritage(children).items():
        girls = draw(rng, "girls", heritage, n // 2)
        boys = draw(rng, "boys", heritage, n - n // 2)
        surnames = draw(rng, "surnames", heritage, n)
        counts.update(zip(girls + boys, surnames, strict=True))
    return counts


def _median_people_per_full_name(counts: Counter) -> float:
    return statistics.median_low([n for n in counts.values() for _ in range(n)])


def _by_frequency(rng, kind, heritage, k):
    pool = getattr(names.pools(), kind)[heritage]
    return rng.choices(pool.names, cum_weights=pool.cum_weights, k=k)


def _uniform_from_the_short_pools(rng, kind, heritage, k):
    pool = {"girls": names.GIRLS, "boys": names.BOYS, "surnames": names.SURNAMES}[kind][heritage]
    return rng.choices(pool, k=k)


def test_median_people_per_full_name_at_a_million_children_is_at_most_three():
    assert _median_people_per_full_name(_full_names(FORCE, _by_frequency)) <= 3


def test_the_check_sees_the_collisions_of_the_old_uniform_pools():
    """The same count over the old way of drawing (uniform over the short pools) fails."""
    assert _median_people_per_full_name(_full_names(FORCE, _uniform_from_the_short_pools)) > 30


def test_the_most_common_names_have_the_published_shares():
    """Fitted to ONS figures (names.py): Smith about 1%, Olivia about 1%, the top boy's name about
    1.5%, and the eighth surname about a third as common as the first."""
    pools = names.pools()
    surnames = pools.surnames["white_british"]
    assert 0.008 < surnames.share(1) < 0.013
    assert 0.25 < surnames.share(8) / surnames.share(1) < 0.4
    assert 0.008 < pools.girls["white_british"].share(1) < 0.012
    assert 0.012 < pools.boys["white_british"].share(1) < 0.018
    assert len(surnames.names) == len(set(surnames.names)) == 50_000


def test_pools_are_the_same_every_time_and_start_with_the_common_names():
    first = names.pools().surnames["white_british"].names
    names.pools.cache_clear()
    again = names.pools().surnames["white_british"].names
    assert first == again
    assert first[: len(names.SURNAMES["white_british"])] == names.SURNAMES["white_british"]
