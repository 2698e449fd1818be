from django.apps import AppConfig

from zhenwu.core.registry import AppEntry, Nav, Pages


class AssessConfig(AppConfig):
    name = "zhenwu.assess"
    label = "assess"
    verbose_name = "考评积分"
    entry = AppEntry(
        nav=[Nav("考评积分", "assess_home", 50)],
        urls="zhenwu.assess.urls",
        api="zhenwu.assess.api:router", api_prefix="assess",
        dashboard="zhenwu.assess.views:dashboard_cards",
        home="zhenwu.assess.home:panels",
        demo="zhenwu.assess.demo:load", demo_order=50,
        report_sources={"points": "zhenwu.assess.report:PointFigures"},
        report_builders={"ranking": ("zhenwu.assess.report:build_ranking", "考评排名")},
        jobs={"assess.import_households": "zhenwu.assess.jobs:import_households",
              "assess.import_members": "zhenwu.assess.jobs:import_members"},
        pages=[
            Pages("assess.Household", list="household_list", detail="household_detail", edit="household_edit",
                  export="household_list", api="/api/assess/households", api_detail=True),
            Pages("assess.PartyMember", list="member_list", detail="member_detail", edit="member_edit",
                  export="member_list"),
            Pages("assess.PointRule", edit="rule_edit"),
            Pages("assess.PointRecord", list="point_list", detail="point_detail", export="point_list",
                  api="/api/assess/points"),
            Pages("assess.Goods", list="goods_list", edit="goods_edit"),
            Pages("assess.Redemption", list="redemption_list", export="redemption_list"),
            # schemes and rounds are read by the units they rate as well (`RatedQuerySet.readable_to`), which the
            # generated scope tests take as the reach of these two models
            Pages("assess.Scheme", list="scheme_list", detail="scheme_detail"),
            Pages("assess.SchemeItem"),
            Pages("assess.Round", detail="round_detail"),
            Pages("assess.Score"),
            Pages("assess.Standing"),
            Pages("assess.Appeal"),
            Pages("assess.YearScore"),  # read on the scheme's 计入年终考核 page (organiser's side)
            Pages("assess.Campaign", list="campaign_list", detail="campaign_detail"),
            Pages("assess.Candidate"),
        ],
    )
