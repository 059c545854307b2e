"""Working days: weekends, public holidays (lunar ones included) and the Government's swaps, from the
maintained `holidays` package."""

import datetime

import pytest

from dieuhanh.core import workdays

D = datetime.date


def test_weekends_and_lunar_holidays_are_not_working_days():
    assert workdays.is_working_day(D(2026, 2, 13))  # Friday before Tết
    assert not workdays.is_working_day(D(2026, 2, 14))  # Saturday
    for day in range(16, 21):  # Tết Bính Ngọ: 16–20/02/2026
        assert not workdays.is_working_day(D(2026, 2, day)), day
    assert not workdays.is_working_day(D(2025, 4, 7))  # Giỗ Tổ Hùng Vương 2025 (10/3 lunar)
    assert not workdays.is_working_day(D(2026, 4, 27))  # 2026: on a Sunday, observed on Monday
    assert not workdays.is_working_day(D(2026, 9, 2))


def test_a_saturday_worked_in_exchange_is_a_working_day():
    # 2025: Friday 02/05 off in exchange for Saturday 26/04 worked.
    assert not workdays.is_working_day(D(2025, 5, 2))
    assert workdays.is_working_day(D(2025, 4, 26))


@pytest.mark.parametrize(("start", "n", "expected"), [
    (D(2026, 2, 12), 0, D(2026, 2, 12)),
    (D(2026, 2, 12), 1, D(2026, 2, 13)),
    (D(2026, 2, 12), 2, D(2026, 2, 23)),  # over the weekend and Tết
    (D(2026, 2, 14), 1, D(2026, 2, 23)),  # from a Saturday
    (D(2026, 4, 24), 3, D(2026, 5, 4)),  # Hùng Kings observed, 30/04, 01/05, weekend
])
def test_add_working_days(start, n, expected):
    assert workdays.add_working_days(start, n) == expected


def test_working_days_between_is_the_inverse():
    start = D(2026, 2, 12)
    for n in range(0, 40):
        end = workdays.add_working_days(start, n)
        assert workdays.working_days_between(start, end) == n
    assert workdays.working_days_between(D(2026, 2, 23), D(2026, 2, 12)) == -2
    with pytest.raises(ValueError):
        workdays.add_working_days(start, -1)


def test_holiday_names_in_the_interface_language():
    names = workdays.holidays_between(D(2026, 2, 1), D(2026, 2, 28), "vi")
    assert names[D(2026, 2, 17)] == "Tết Nguyên Đán" and len(names) == 5
    assert workdays.holiday_name(D(2026, 2, 17), "en") == "Lunar New Year"
    assert workdays.holiday_name(D(2026, 2, 12)) is None
