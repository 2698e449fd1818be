"""`stats_many` (one aggregate + one GROUP BY over every kind) gives exactly what the per-kind `stats()` gave.

EXPECTED was recorded with the per-kind implementation (two queries per kind, before `stats_many` existed) for all
15 demo kinds × four units × two periods, with `today` fixed so that overdue counts do not move:
(total, closed, overdue, by_state, {figure key: value}). Decimals are compared as strings (same places).
The demo has since finished in 2024 the cases still open at the end of 2023, so the figures are read as of that day
(`as_of`): the states the snapshot recorded. Overdue counts are as of that day too, no longer of 2024-06-30: four
of them are smaller (3 网格事件 and 6 耕地图斑 of 石岭镇 fell due in the first half of 2024).
"""

import datetime as dt
from decimal import Decimal as D

import pytest

from zhenwu.ledgers.models import LedgerKind
from zhenwu.ledgers.stats import stats, stats_many

pytestmark = pytest.mark.django_db

TODAY = AS_OF = dt.date(2023, 12, 31)
UNITS = ["清河镇", "石岭镇", "城关街道", "示例县"]
PERIODS = ["2023", "2023H1"]

EXPECTED = {
    ('清河镇', '2023', 'safety_hazard'): (62, 62, 0, {'verified': 62},
        {'found': 62, 'rectified': 62, 'supervised': 40, 'supervised_closed': 40, 'rectify_rate': D("100.00"), 'supervised_rate': D("100.00")}),
    ('清河镇', '2023', 'dispute'): (107, 107, 0, {'resolved': 106, 'unresolved': 1},
        {'registered': 107, 'screened': 65, 'mediated': 107, 'resolved': 106, 'amount': D("530000.00"), 'resolve_rate': D("99.07")}),
    ('清河镇', '2023', 'petition'): (0, 0, 0, {},
        {'received': 0, 'concluded': 0, 'rated': 0, 'satisfied': 0, 'conclude_rate': None, 'satisfaction_rate': None}),
    ('清河镇', '2023', 'hotline_12345'): (0, 0, 0, {},
        {'handled': 0, 'closed': 0, 'rated': 0, 'satisfied': 0, 'satisfaction_rate': None}),
    ('清河镇', '2023', 'grid_event'): (0, 0, 0, {},
        {'reported': 0, 'solved': 0, 'households': D("0"), 'solve_rate': None}),
    ('清河镇', '2023', 'river_patrol'): (539, 539, 0, {'recorded': 539},
        {'patrols': 539, 'cleaned_km': D("18.00"), 'problems': D("0"), 'solved': D("0")}),
    ('清河镇', '2023', 'forest_patrol'): (800, 800, 0, {'recorded': 800},
        {'patrols': 800, 'problems': D("132"), 'solved': D("132")}),
    ('清河镇', '2023', 'poverty_monitor'): (32, 22, 10, {'assisting': 8, 'eliminated': 22, 'identified': 2},
        {'households': 32, 'new_households': 2, 'open_households': 10, 'eliminated_households': 22, 'people': D("103"), 'new_people': D("7"), 'open_people': D("36"), 'eliminated_people': D("67"), 'eliminate_rate': D("65.05")}),
    ('清河镇', '2023', 'social_assistance'): (102, 102, 0, {'approved': 102},
        {'objects': 102, 'new_dibao': 40, 'dibao': 100, 'temporary': 0, 'new_wubao_people': D("2"), 'new_dibao_people': D("86"), 'amount': D("590280.00")}),
    ('清河镇', '2023', 'poverty_asset'): (0, 0, 0, {},
        {'assets': 0, 'value': D("0.00"), 'operating_value': D("0.00"), 'income': D("0.00")}),
    ('清河镇', '2023', 'farmland_outflow'): (0, 0, 0, {},
        {'patches': 0, 'basic_patches': 0, 'general_patches': 0, 'local_fixed': 0, 'remote_fixed': 0, 'area': D("0.00"), 'basic_area': D("0.00"), 'general_area': D("0.00"), 'fixed_area': D("0.00"), 'local_area': D("0.00"), 'remote_area': D("0.00")}),
    ('清河镇', '2023', 'party_activity'): (54, 54, 0, {'held': 54},
        {'activities': 54, 'study': 13, 'committee': 20, 'theme_day': 0, 'lecture': 0, 'three_one': 0, 'cadre_study': 11, 'member_meeting': 10, 'participants': D("1333")}),
    ('清河镇', '2023', 'discipline'): (13, 12, 0, {'concluded': 10, 'dismissed': 2, 'filed': 1},
        {'clues': 13, 'filed': 11, 'concluded': 10, 'punished': D("10"), 'talks': D("5"), 'criticized': D("8")}),
    ('清河镇', '2023', 'emergency_drill'): (0, 0, 0, {},
        {'drills': 0, 'participants': D("0")}),
    ('清河镇', '2023', 'conscription'): (0, 0, 0, {},
        {'registered': 0, 'examined': 0, 'enlisted': 0, 'enlisted_college': 0, 'enlisted_graduates': 0}),
    ('清河镇', '2023H1', 'safety_hazard'): (26, 26, 0, {'verified': 26},
        {'found': 26, 'rectified': 26, 'supervised': 17, 'supervised_closed': 17, 'rectify_rate': D("100.00"), 'supervised_rate': D("100.00")}),
    ('清河镇', '2023H1', 'dispute'): (53, 53, 0, {'resolved': 53},
        {'registered': 53, 'screened': 30, 'mediated': 53, 'resolved': 53, 'amount': D("282500.00"), 'resolve_rate': D("100.00")}),
    ('清河镇', '2023H1', 'petition'): (0, 0, 0, {},
        {'received': 0, 'concluded': 0, 'rated': 0, 'satisfied': 0, 'conclude_rate': None, 'satisfaction_rate': None}),
    ('清河镇', '2023H1', 'hotline_12345'): (0, 0, 0, {},
        {'handled': 0, 'closed': 0, 'rated': 0, 'satisfied': 0, 'satisfaction_rate': None}),
    ('清河镇', '2023H1', 'grid_event'): (0, 0, 0, {},
        {'reported': 0, 'solved': 0, 'households': D("0"), 'solve_rate': None}),
    ('清河镇', '2023H1', 'river_patrol'): (289, 289, 0, {'recorded': 289},
        {'patrols': 289, 'cleaned_km': D("9.32"), 'problems': D("0"), 'solved': D("0")}),
    ('清河镇', '2023H1', 'forest_patrol'): (395, 395, 0, {'recorded': 395},
        {'patrols': 395, 'problems': D("59"), 'solved': D("59")}),
    ('清河镇', '2023H1', 'poverty_monitor'): (32, 22, 10, {'assisting': 8, 'eliminated': 22, 'identified': 2},
        {'households': 32, 'new_households': 2, 'open_households': 10, 'eliminated_households': 22, 'people': D("103"), 'new_people': D("7"), 'open_people': D("36"), 'eliminated_people': D("67"), 'eliminate_rate': D("65.05")}),
    ('清河镇', '2023H1', 'social_assistance'): (80, 80, 0, {'approved': 80},
        {'objects': 80, 'new_dibao': 20, 'dibao': 80, 'temporary': 0, 'new_wubao_people': D("0"), 'new_dibao_people': D("45"), 'amount': D("304920.00")}),
    ('清河镇', '2023H1', 'poverty_asset'): (0, 0, 0, {},
        {'assets': 0, 'value': D("0.00"), 'operating_value': D("0.00"), 'income': D("0.00")}),
    ('清河镇', '2023H1', 'farmland_outflow'): (0, 0, 0, {},
        {'patches': 0, 'basic_patches': 0, 'general_patches': 0, 'local_fixed': 0, 'remote_fixed': 0, 'area': D("0.00"), 'basic_area': D("0.00"), 'general_area': D("0.00"), 'fixed_area': D("0.00"), 'local_area': D("0.00"), 'remote_area': D("0.00")}),
    ('清河镇', '2023H1', 'party_activity'): (31, 31, 0, {'held': 31},
        {'activities': 31, 'study': 9, 'committee': 11, 'theme_day': 0, 'lecture': 0, 'three_one': 0, 'cadre_study': 5, 'member_meeting': 6, 'participants': D("772")}),
    ('清河镇', '2023H1', 'discipline'): (4, 4, 0, {'concluded': 4},
        {'clues': 4, 'filed': 4, 'concluded': 4, 'punished': D("4"), 'talks': D("2"), 'criticized': D("1")}),
    ('清河镇', '2023H1', 'emergency_drill'): (0, 0, 0, {},
        {'drills': 0, 'participants': D("0")}),
    ('清河镇', '2023H1', 'conscription'): (0, 0, 0, {},
        {'registered': 0, 'examined': 0, 'enlisted': 0, 'enlisted_college': 0, 'enlisted_graduates': 0}),
    ('石岭镇', '2023', 'safety_hazard'): (0, 0, 0, {},
        {'found': 0, 'rectified': 0, 'supervised': 0, 'supervised_closed': 0, 'rectify_rate': None, 'supervised_rate': None}),
    ('石岭镇', '2023', 'dispute'): (464, 464, 0, {'resolved': 461, 'unresolved': 3},
        {'registered': 464, 'screened': 307, 'mediated': 464, 'resolved': 461, 'amount': D("0.00"), 'resolve_rate': D("99.35")}),
    ('石岭镇', '2023', 'petition'): (0, 0, 0, {},
        {'received': 0, 'concluded': 0, 'rated': 0, 'satisfied': 0, 'conclude_rate': None, 'satisfaction_rate': None}),
    ('石岭镇', '2023', 'hotline_12345'): (0, 0, 0, {},
        {'handled': 0, 'closed': 0, 'rated': 0, 'satisfied': 0, 'satisfaction_rate': None}),
    ('石岭镇', '2023', 'grid_event'): (2120, 2080, 37, {'handling': 40, 'solved': 2080},
        {'reported': 2120, 'solved': 2080, 'households': D("6139"), 'solve_rate': D("98.11")}),
    ('石岭镇', '2023', 'river_patrol'): (0, 0, 0, {},
        {'patrols': 0, 'cleaned_km': D("0.00"), 'problems': D("0"), 'solved': D("0")}),
    ('石岭镇', '2023', 'forest_patrol'): (0, 0, 0, {},
        {'patrols': 0, 'problems': D("0"), 'solved': D("0")}),
    ('石岭镇', '2023', 'poverty_monitor'): (125, 97, 28, {'assisting': 28, 'eliminated': 97},
        {'households': 125, 'new_households': 3, 'open_households': 28, 'eliminated_households': 97, 'people': D("564"), 'new_people': D("18"), 'open_people': D("116"), 'eliminated_people': D("448"), 'eliminate_rate': D("79.43")}),
    ('石岭镇', '2023', 'social_assistance'): (0, 0, 0, {},
        {'objects': 0, 'new_dibao': 0, 'dibao': 0, 'temporary': 0, 'new_wubao_people': D("0"), 'new_dibao_people': D("0"), 'amount': D("0.00")}),
    ('石岭镇', '2023', 'poverty_asset'): (0, 0, 0, {},
        {'assets': 0, 'value': D("0.00"), 'operating_value': D("0.00"), 'income': D("0.00")}),
    ('石岭镇', '2023', 'farmland_outflow'): (103, 80, 17, {'accepted': 80, 'rectifying': 23},
        {'patches': 103, 'basic_patches': 71, 'general_patches': 32, 'local_fixed': 15, 'remote_fixed': 65, 'area': D("91.87"), 'basic_area': D("63.67"), 'general_area': D("28.20"), 'fixed_area': D("98.21"), 'local_area': D("8.43"), 'remote_area': D("89.78")}),
    ('石岭镇', '2023', 'party_activity'): (71, 71, 0, {'held': 71},
        {'activities': 71, 'study': 23, 'committee': 0, 'theme_day': 9, 'lecture': 39, 'three_one': 0, 'cadre_study': 0, 'member_meeting': 0, 'participants': D("1734")}),
    ('石岭镇', '2023', 'discipline'): (0, 0, 0, {},
        {'clues': 0, 'filed': 0, 'concluded': 0, 'punished': D("0"), 'talks': D("0"), 'criticized': D("0")}),
    ('石岭镇', '2023', 'emergency_drill'): (13, 13, 0, {'held': 13},
        {'drills': 13, 'participants': D("599")}),
    ('石岭镇', '2023', 'conscription'): (29, 29, 0, {'enlisted': 1, 'failed': 26, 'withdrawn': 2},
        {'registered': 29, 'examined': 27, 'enlisted': 1, 'enlisted_college': 0, 'enlisted_graduates': 0}),
    ('石岭镇', '2023H1', 'safety_hazard'): (0, 0, 0, {},
        {'found': 0, 'rectified': 0, 'supervised': 0, 'supervised_closed': 0, 'rectify_rate': None, 'supervised_rate': None}),
    ('石岭镇', '2023H1', 'dispute'): (252, 252, 0, {'resolved': 252},
        {'registered': 252, 'screened': 181, 'mediated': 252, 'resolved': 252, 'amount': D("0.00"), 'resolve_rate': D("100.00")}),
    ('石岭镇', '2023H1', 'petition'): (0, 0, 0, {},
        {'received': 0, 'concluded': 0, 'rated': 0, 'satisfied': 0, 'conclude_rate': None, 'satisfaction_rate': None}),
    ('石岭镇', '2023H1', 'hotline_12345'): (0, 0, 0, {},
        {'handled': 0, 'closed': 0, 'rated': 0, 'satisfied': 0, 'satisfaction_rate': None}),
    ('石岭镇', '2023H1', 'grid_event'): (1029, 1029, 0, {'solved': 1029},
        {'reported': 1029, 'solved': 1029, 'households': D("3056"), 'solve_rate': D("100.00")}),
    ('石岭镇', '2023H1', 'river_patrol'): (0, 0, 0, {},
        {'patrols': 0, 'cleaned_km': D("0.00"), 'problems': D("0"), 'solved': D("0")}),
    ('石岭镇', '2023H1', 'forest_patrol'): (0, 0, 0, {},
        {'patrols': 0, 'problems': D("0"), 'solved': D("0")}),
    ('石岭镇', '2023H1', 'poverty_monitor'): (125, 97, 28, {'assisting': 28, 'eliminated': 97},
        {'households': 125, 'new_households': 3, 'open_households': 28, 'eliminated_households': 97, 'people': D("564"), 'new_people': D("18"), 'open_people': D("116"), 'eliminated_people': D("448"), 'eliminate_rate': D("79.43")}),
    ('石岭镇', '2023H1', 'social_assistance'): (0, 0, 0, {},
        {'objects': 0, 'new_dibao': 0, 'dibao': 0, 'temporary': 0, 'new_wubao_people': D("0"), 'new_dibao_people': D("0"), 'amount': D("0.00")}),
    ('石岭镇', '2023H1', 'poverty_asset'): (0, 0, 0, {},
        {'assets': 0, 'value': D("0.00"), 'operating_value': D("0.00"), 'income': D("0.00")}),
    ('石岭镇', '2023H1', 'farmland_outflow'): (49, 37, 12, {'accepted': 37, 'rectifying': 12},
        {'patches': 49, 'basic_patches': 35, 'general_patches': 14, 'local_fixed': 9, 'remote_fixed': 28, 'area': D("43.32"), 'basic_area': D("31.09"), 'general_area': D("12.23"), 'fixed_area': D("44.09"), 'local_area': D("5.32"), 'remote_area': D("38.77")}),
    ('石岭镇', '2023H1', 'party_activity'): (41, 41, 0, {'held': 41},
        {'activities': 41, 'study': 13, 'committee': 0, 'theme_day': 5, 'lecture': 23, 'three_one': 0, 'cadre_study': 0, 'member_meeting': 0, 'participants': D("988")}),
    ('石岭镇', '2023H1', 'discipline'): (0, 0, 0, {},
        {'clues': 0, 'filed': 0, 'concluded': 0, 'punished': D("0"), 'talks': D("0"), 'criticized': D("0")}),
    ('石岭镇', '2023H1', 'emergency_drill'): (7, 7, 0, {'held': 7},
        {'drills': 7, 'participants': D("311")}),
    ('石岭镇', '2023H1', 'conscription'): (29, 29, 0, {'enlisted': 1, 'failed': 26, 'withdrawn': 2},
        {'registered': 29, 'examined': 27, 'enlisted': 1, 'enlisted_college': 0, 'enlisted_graduates': 0}),
    ('城关街道', '2023', 'safety_hazard'): (24, 15, 9, {'rectifying': 9, 'verified': 15},
        {'found': 24, 'rectified': 15, 'supervised': 24, 'supervised_closed': 15, 'rectify_rate': D("62.50"), 'supervised_rate': D("62.50")}),
    ('城关街道', '2023', 'dispute'): (354, 354, 0, {'resolved': 354},
        {'registered': 354, 'screened': 354, 'mediated': 354, 'resolved': 354, 'amount': D("0.00"), 'resolve_rate': D("100.00")}),
    ('城关街道', '2023', 'petition'): (24, 24, 0, {'concluded': 24},
        {'received': 24, 'concluded': 24, 'rated': 20, 'satisfied': 19, 'conclude_rate': D("100.00"), 'satisfaction_rate': D("95.0")}),
    ('城关街道', '2023', 'hotline_12345'): (1978, 1978, 0, {'reviewed': 1978},
        {'handled': 1978, 'closed': 1978, 'rated': 1978, 'satisfied': 1644, 'satisfaction_rate': D("83.1")}),
    ('城关街道', '2023', 'grid_event'): (434, 434, 0, {'solved': 434},
        {'reported': 434, 'solved': 434, 'households': D("12763"), 'solve_rate': D("100.00")}),
    ('城关街道', '2023', 'river_patrol'): (0, 0, 0, {},
        {'patrols': 0, 'cleaned_km': D("0.00"), 'problems': D("0"), 'solved': D("0")}),
    ('城关街道', '2023', 'forest_patrol'): (0, 0, 0, {},
        {'patrols': 0, 'problems': D("0"), 'solved': D("0")}),
    ('城关街道', '2023', 'poverty_monitor'): (0, 0, 0, {},
        {'households': 0, 'new_households': 0, 'open_households': 0, 'eliminated_households': 0, 'people': D("0"), 'new_people': D("0"), 'open_people': D("0"), 'eliminated_people': D("0"), 'eliminate_rate': None}),
    ('城关街道', '2023', 'social_assistance'): (0, 0, 0, {},
        {'objects': 0, 'new_dibao': 0, 'dibao': 0, 'temporary': 0, 'new_wubao_people': D("0"), 'new_dibao_people': D("0"), 'amount': D("0.00")}),
    ('城关街道', '2023', 'poverty_asset'): (0, 0, 0, {},
        {'assets': 0, 'value': D("0.00"), 'operating_value': D("0.00"), 'income': D("0.00")}),
    ('城关街道', '2023', 'farmland_outflow'): (0, 0, 0, {},
        {'patches': 0, 'basic_patches': 0, 'general_patches': 0, 'local_fixed': 0, 'remote_fixed': 0, 'area': D("0.00"), 'basic_area': D("0.00"), 'general_area': D("0.00"), 'fixed_area': D("0.00"), 'local_area': D("0.00"), 'remote_area': D("0.00")}),
    ('城关街道', '2023', 'party_activity'): (0, 0, 0, {},
        {'activities': 0, 'study': 0, 'committee': 0, 'theme_day': 0, 'lecture': 0, 'three_one': 0, 'cadre_study': 0, 'member_meeting': 0, 'participants': D("0")}),
    ('城关街道', '2023', 'discipline'): (0, 0, 0, {},
        {'clues': 0, 'filed': 0, 'concluded': 0, 'punished': D("0"), 'talks': D("0"), 'criticized': D("0")}),
    ('城关街道', '2023', 'emergency_drill'): (0, 0, 0, {},
        {'drills': 0, 'participants': D("0")}),
    ('城关街道', '2023', 'conscription'): (16, 16, 0, {'enlisted': 16},
        {'registered': 16, 'examined': 16, 'enlisted': 16, 'enlisted_college': 13, 'enlisted_graduates': 12}),
    ('城关街道', '2023H1', 'safety_hazard'): (12, 6, 6, {'rectifying': 6, 'verified': 6},
        {'found': 12, 'rectified': 6, 'supervised': 12, 'supervised_closed': 6, 'rectify_rate': D("50.00"), 'supervised_rate': D("50.00")}),
    ('城关街道', '2023H1', 'dispute'): (252, 252, 0, {'resolved': 252},
        {'registered': 252, 'screened': 252, 'mediated': 252, 'resolved': 252, 'amount': D("0.00"), 'resolve_rate': D("100.00")}),
    ('城关街道', '2023H1', 'petition'): (16, 16, 0, {'concluded': 16},
        {'received': 16, 'concluded': 16, 'rated': 12, 'satisfied': 11, 'conclude_rate': D("100.00"), 'satisfaction_rate': D("91.7")}),
    ('城关街道', '2023H1', 'hotline_12345'): (1345, 1345, 0, {'reviewed': 1345},
        {'handled': 1345, 'closed': 1345, 'rated': 1345, 'satisfied': 1121, 'satisfaction_rate': D("83.3")}),
    ('城关街道', '2023H1', 'grid_event'): (295, 295, 0, {'solved': 295},
        {'reported': 295, 'solved': 295, 'households': D("8638"), 'solve_rate': D("100.00")}),
    ('城关街道', '2023H1', 'river_patrol'): (0, 0, 0, {},
        {'patrols': 0, 'cleaned_km': D("0.00"), 'problems': D("0"), 'solved': D("0")}),
    ('城关街道', '2023H1', 'forest_patrol'): (0, 0, 0, {},
        {'patrols': 0, 'problems': D("0"), 'solved': D("0")}),
    ('城关街道', '2023H1', 'poverty_monitor'): (0, 0, 0, {},
        {'households': 0, 'new_households': 0, 'open_households': 0, 'eliminated_households': 0, 'people': D("0"), 'new_people': D("0"), 'open_people': D("0"), 'eliminated_people': D("0"), 'eliminate_rate': None}),
    ('城关街道', '2023H1', 'social_assistance'): (0, 0, 0, {},
        {'objects': 0, 'new_dibao': 0, 'dibao': 0, 'temporary': 0, 'new_wubao_people': D("0"), 'new_dibao_people': D("0"), 'amount': D("0.00")}),
    ('城关街道', '2023H1', 'poverty_asset'): (0, 0, 0, {},
        {'assets': 0, 'value': D("0.00"), 'operating_value': D("0.00"), 'income': D("0.00")}),
    ('城关街道', '2023H1', 'farmland_outflow'): (0, 0, 0, {},
        {'patches': 0, 'basic_patches': 0, 'general_patches': 0, 'local_fixed': 0, 'remote_fixed': 0, 'area': D("0.00"), 'basic_area': D("0.00"), 'general_area': D("0.00"), 'fixed_area': D("0.00"), 'local_area': D("0.00"), 'remote_area': D("0.00")}),
    ('城关街道', '2023H1', 'party_activity'): (0, 0, 0, {},
        {'activities': 0, 'study': 0, 'committee': 0, 'theme_day': 0, 'lecture': 0, 'three_one': 0, 'cadre_study': 0, 'member_meeting': 0, 'participants': D("0")}),
    ('城关街道', '2023H1', 'discipline'): (0, 0, 0, {},
        {'clues': 0, 'filed': 0, 'concluded': 0, 'punished': D("0"), 'talks': D("0"), 'criticized': D("0")}),
    ('城关街道', '2023H1', 'emergency_drill'): (0, 0, 0, {},
        {'drills': 0, 'participants': D("0")}),
    ('城关街道', '2023H1', 'conscription'): (7, 7, 0, {'enlisted': 7},
        {'registered': 7, 'examined': 7, 'enlisted': 7, 'enlisted_college': 5, 'enlisted_graduates': 5}),
    ('示例县', '2023', 'safety_hazard'): (86, 77, 9, {'rectifying': 9, 'verified': 77},
        {'found': 86, 'rectified': 77, 'supervised': 64, 'supervised_closed': 55, 'rectify_rate': D("89.53"), 'supervised_rate': D("85.94")}),
    ('示例县', '2023', 'dispute'): (925, 925, 0, {'resolved': 921, 'unresolved': 4},
        {'registered': 925, 'screened': 726, 'mediated': 925, 'resolved': 921, 'amount': D("530000.00"), 'resolve_rate': D("99.57")}),
    ('示例县', '2023', 'petition'): (24, 24, 0, {'concluded': 24},
        {'received': 24, 'concluded': 24, 'rated': 20, 'satisfied': 19, 'conclude_rate': D("100.00"), 'satisfaction_rate': D("95.0")}),
    ('示例县', '2023', 'hotline_12345'): (1978, 1978, 0, {'reviewed': 1978},
        {'handled': 1978, 'closed': 1978, 'rated': 1978, 'satisfied': 1644, 'satisfaction_rate': D("83.1")}),
    ('示例县', '2023', 'grid_event'): (2554, 2514, 37, {'handling': 40, 'solved': 2514},
        {'reported': 2554, 'solved': 2514, 'households': D("18902"), 'solve_rate': D("98.43")}),
    ('示例县', '2023', 'river_patrol'): (539, 539, 0, {'recorded': 539},
        {'patrols': 539, 'cleaned_km': D("18.00"), 'problems': D("0"), 'solved': D("0")}),
    ('示例县', '2023', 'forest_patrol'): (800, 800, 0, {'recorded': 800},
        {'patrols': 800, 'problems': D("132"), 'solved': D("132")}),
    ('示例县', '2023', 'poverty_monitor'): (157, 119, 38, {'assisting': 36, 'eliminated': 119, 'identified': 2},
        {'households': 157, 'new_households': 5, 'open_households': 38, 'eliminated_households': 119, 'people': D("667"), 'new_people': D("25"), 'open_people': D("152"), 'eliminated_people': D("515"), 'eliminate_rate': D("77.21")}),
    ('示例县', '2023', 'social_assistance'): (102, 102, 0, {'approved': 102},
        {'objects': 102, 'new_dibao': 40, 'dibao': 100, 'temporary': 0, 'new_wubao_people': D("2"), 'new_dibao_people': D("86"), 'amount': D("590280.00")}),
    ('示例县', '2023', 'poverty_asset'): (0, 0, 0, {},
        {'assets': 0, 'value': D("0.00"), 'operating_value': D("0.00"), 'income': D("0.00")}),
    ('示例县', '2023', 'farmland_outflow'): (103, 80, 17, {'accepted': 80, 'rectifying': 23},
        {'patches': 103, 'basic_patches': 71, 'general_patches': 32, 'local_fixed': 15, 'remote_fixed': 65, 'area': D("91.87"), 'basic_area': D("63.67"), 'general_area': D("28.20"), 'fixed_area': D("98.21"), 'local_area': D("8.43"), 'remote_area': D("89.78")}),
    ('示例县', '2023', 'party_activity'): (125, 125, 0, {'held': 125},
        {'activities': 125, 'study': 36, 'committee': 20, 'theme_day': 9, 'lecture': 39, 'three_one': 0, 'cadre_study': 11, 'member_meeting': 10, 'participants': D("3067")}),
    ('示例县', '2023', 'discipline'): (13, 12, 0, {'concluded': 10, 'dismissed': 2, 'filed': 1},
        {'clues': 13, 'filed': 11, 'concluded': 10, 'punished': D("10"), 'talks': D("5"), 'criticized': D("8")}),
    ('示例县', '2023', 'emergency_drill'): (15, 15, 0, {'held': 15},
        {'drills': 15, 'participants': D("660")}),
    ('示例县', '2023', 'conscription'): (45, 45, 0, {'enlisted': 17, 'failed': 26, 'withdrawn': 2},
        {'registered': 45, 'examined': 43, 'enlisted': 17, 'enlisted_college': 13, 'enlisted_graduates': 12}),
    ('示例县', '2023H1', 'safety_hazard'): (38, 32, 6, {'rectifying': 6, 'verified': 32},
        {'found': 38, 'rectified': 32, 'supervised': 29, 'supervised_closed': 23, 'rectify_rate': D("84.21"), 'supervised_rate': D("79.31")}),
    ('示例县', '2023H1', 'dispute'): (557, 557, 0, {'resolved': 557},
        {'registered': 557, 'screened': 463, 'mediated': 557, 'resolved': 557, 'amount': D("282500.00"), 'resolve_rate': D("100.00")}),
    ('示例县', '2023H1', 'petition'): (16, 16, 0, {'concluded': 16},
        {'received': 16, 'concluded': 16, 'rated': 12, 'satisfied': 11, 'conclude_rate': D("100.00"), 'satisfaction_rate': D("91.7")}),
    ('示例县', '2023H1', 'hotline_12345'): (1345, 1345, 0, {'reviewed': 1345},
        {'handled': 1345, 'closed': 1345, 'rated': 1345, 'satisfied': 1121, 'satisfaction_rate': D("83.3")}),
    ('示例县', '2023H1', 'grid_event'): (1324, 1324, 0, {'solved': 1324},
        {'reported': 1324, 'solved': 1324, 'households': D("11694"), 'solve_rate': D("100.00")}),
    ('示例县', '2023H1', 'river_patrol'): (289, 289, 0, {'recorded': 289},
        {'patrols': 289, 'cleaned_km': D("9.32"), 'problems': D("0"), 'solved': D("0")}),
    ('示例县', '2023H1', 'forest_patrol'): (395, 395, 0, {'recorded': 395},
        {'patrols': 395, 'problems': D("59"), 'solved': D("59")}),
    ('示例县', '2023H1', 'poverty_monitor'): (157, 119, 38, {'assisting': 36, 'eliminated': 119, 'identified': 2},
        {'households': 157, 'new_households': 5, 'open_households': 38, 'eliminated_households': 119, 'people': D("667"), 'new_people': D("25"), 'open_people': D("152"), 'eliminated_people': D("515"), 'eliminate_rate': D("77.21")}),
    ('示例县', '2023H1', 'social_assistance'): (80, 80, 0, {'approved': 80},
        {'objects': 80, 'new_dibao': 20, 'dibao': 80, 'temporary': 0, 'new_wubao_people': D("0"), 'new_dibao_people': D("45"), 'amount': D("304920.00")}),
    ('示例县', '2023H1', 'poverty_asset'): (0, 0, 0, {},
        {'assets': 0, 'value': D("0.00"), 'operating_value': D("0.00"), 'income': D("0.00")}),
    ('示例县', '2023H1', 'farmland_outflow'): (49, 37, 12, {'accepted': 37, 'rectifying': 12},
        {'patches': 49, 'basic_patches': 35, 'general_patches': 14, 'local_fixed': 9, 'remote_fixed': 28, 'area': D("43.32"), 'basic_area': D("31.09"), 'general_area': D("12.23"), 'fixed_area': D("44.09"), 'local_area': D("5.32"), 'remote_area': D("38.77")}),
    ('示例县', '2023H1', 'party_activity'): (72, 72, 0, {'held': 72},
        {'activities': 72, 'study': 22, 'committee': 11, 'theme_day': 5, 'lecture': 23, 'three_one': 0, 'cadre_study': 5, 'member_meeting': 6, 'participants': D("1760")}),
    ('示例县', '2023H1', 'discipline'): (4, 4, 0, {'concluded': 4},
        {'clues': 4, 'filed': 4, 'concluded': 4, 'punished': D("4"), 'talks': D("2"), 'criticized': D("1")}),
    ('示例县', '2023H1', 'emergency_drill'): (9, 9, 0, {'held': 9},
        {'drills': 9, 'participants': D("372")}),
    ('示例县', '2023H1', 'conscription'): (36, 36, 0, {'enlisted': 8, 'failed': 26, 'withdrawn': 2},
        {'registered': 36, 'examined': 34, 'enlisted': 8, 'enlisted_college': 5, 'enlisted_graduates': 5}),
}


def _plain(s):
    figures = {k: (str(f.value) if isinstance(f.value, D) else f.value) for k, f in s.figures.items()}
    return s.total, s.closed, s.overdue, dict(sorted(s.by_state.items())), figures


def _expected(key):
    total, closed, overdue, by_state, figures = EXPECTED[key]
    return total, closed, overdue, by_state, {k: (str(v) if isinstance(v, D) else v) for k, v in figures.items()}


SNAPSHOT_KINDS = sorted({k for _, _, k in EXPECTED})
LATER_KINDS = {"activity", "inspection", "enterprise", "work_item"}  # added after the snapshot was recorded


def _snapshot_kinds():
    return list(LedgerKind.objects.filter(code__in=SNAPSHOT_KINDS))


def test_expected_covers_every_demo_kind():
    codes = set(LedgerKind.objects.values_list("code", flat=True))
    assert len(SNAPSHOT_KINDS) == 15 and codes == set(SNAPSHOT_KINDS) | LATER_KINDS
    assert len(EXPECTED) == 15 * len(UNITS) * len(PERIODS)


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("unit", UNITS)
def test_stats_many_equals_per_kind_stats(org, unit, period, django_assert_max_num_queries):
    kinds, unit_org = _snapshot_kinds(), org(unit)
    # the two aggregate queries, the later transitions, the entries changed since (when there are any)
    with django_assert_max_num_queries(4):
        result = stats_many(kinds, unit_org, period, as_of=AS_OF)
    assert list(result) == [k.code for k in kinds]
    for kind in kinds:
        got = result[kind.code]
        assert (got.kind, got.org_code, got.period.code) == (kind, unit_org.code, period)
        assert _plain(got) == _expected((unit, period, kind.code)), kind.code
        for key, fig in got.figures.items():  # counts stay int, sums and rates Decimal
            assert type(fig.value) is type(EXPECTED[(unit, period, kind.code)][4][key])


@pytest.mark.parametrize("period", PERIODS)
def test_single_kind_stats_equals_snapshot(org, period, django_assert_max_num_queries):
    town = org("石岭镇")
    for kind in _snapshot_kinds():
        by_code = kind.pk % 2 == 1
        # the two aggregate queries, the later transitions, the entries changed since; a code costs one look-up
        with django_assert_max_num_queries(5 if by_code else 4):
            got = stats(kind.code if by_code else kind, town, period, as_of=AS_OF)
        assert _plain(got) == _expected(("石岭镇", period, kind.code)), kind.code


def test_stats_many_accepts_codes_and_a_subset(org):
    result = stats_many(["poverty_monitor", "dispute"], org("石岭镇"), "2023", as_of=AS_OF)
    assert list(result) == ["poverty_monitor", "dispute"]
    assert _plain(result["dispute"]) == _expected(("石岭镇", "2023", "dispute"))
    assert _plain(result["poverty_monitor"]) == _expected(("石岭镇", "2023", "poverty_monitor"))
    assert stats_many([], org("石岭镇"), "2023") == {}


def test_ledger_home_is_two_queries_for_all_kinds(login, django_assert_max_num_queries):
    client = login("shiling")
    client.get("/ledgers/", {"period": "2023"})  # warm up session/caches
    # session, user, memberships, savepoint pair, the kinds, then stats_many's two queries (was 37: 2 per kind)
    with django_assert_max_num_queries(9):
        resp = client.get("/ledgers/", {"period": "2023"})
    assert resp.status_code == 200
    assert "矛盾纠纷" in resp.content.decode()
