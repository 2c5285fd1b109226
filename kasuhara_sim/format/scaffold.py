"""``kasuhara-sim new``: a small but complete scenario, commented in Japanese, that validates as written.

It is a real skeleton rather than a form to fill in: four turns, a reply shown only under a condition, a route that
depends on the customer's anger, a loop back, and three endings (one success, two kinds of failure). It passes
``validate --strict`` (best 100, worst 0, every flag read, every reply tagged), so an instructor edits from a working
state and ``validate`` tells them the moment an edit breaks something.
"""

from __future__ import annotations

from kasuhara_sim import strings as S

TEMPLATE = """\
# yaml-language-server: $schema={schema}
# kasuhara-sim のシナリオ(形式 1)。「kasuhara-sim new」で作った下書きで、このままでも演習できます。
# 実際にあった事例をもとに、せりふ・返答・講評を書き換えてください。書き方: docs/authoring.md
#   kasuhara-sim validate {file}   誤りの検査と、最高点・最低点の確認
#   kasuhara-sim graph {file}      流れ図(Mermaid)
#   kasuhara-sim play {file}       通しで演習
format: 1
id: {id}  # シナリオ ID。ファイル名と同じにしておくと探しやすい
title: 注文の品が届かず、声を荒らげるお客様
summary: 届くはずの注文品が届かない。怒っているお客様の話を受け止め、事実を確かめ、できることを伝える。
category: {category}  # 分類: {categories}
level: {level}  # レベル: {levels}
channel: {channel}  # 窓口: {channels}
industry: retail          # 業種(自由記述): retail, restaurant, call_center, hospital, municipal, hotel …
minutes: 5                # 所要時間の目安(分)
objectives:               # 学習目標(1つ以上)。ブリーフィングに表示されます
  - 怒りを受け止めてから事実確認に進む
  - できること・できないことを分けて伝える
role: あなたは通信販売会社で、お客様からの問い合わせを受ける担当者です。   # 受講者の役割
persona:
  name: 佐藤様
  profile: 40代女性。今日の夕方に使うつもりで注文した品が、予定日を過ぎても届いていない。
  anger: 60               # 開始時の怒り(0〜100)
# expects: [empathy, fact_check, can_cant, limited_apology]   # 採点する観点(省略するとこの4つ。firm_response を足せる)
start: opening            # 最初のノード

nodes:                    # ノード ID(半角英数字と _)ごとに、会話のターンか結末を書きます
  opening:
    narration: 午後4時。注文番号を書いたメモを手にしたお客様から、強い口調で連絡が来た。   # 状況の説明(任意)
    say: 「昨日届くはずの品物がまだ来ないのよ！今日の夕方に使うって言ったでしょう！」
    choices:              # 返答は 2〜6 個。画面では上から 1, 2, 3 … と番号が付きます
      - text: 「お待たせしてしまい、申し訳ございません。今日お使いになる予定だったのですね。」
        steps: [limited_apology, empathy]    # この返答が行う手順
        anger: -15                           # お客様の怒りの変化(0〜100 に収まります)
        feedback: 謝る範囲を「待たせたこと」に限り、予定が狂った気持ちを言葉にして受け止めている。
        next: hearing                        # 次のノード
      - text: 「配送は運送会社の担当ですので、そちらにお問い合わせください。」
        ng: [argue, pass_around]             # この返答の誤り(NG タグ)
        anger: +20
        feedback: 気持ちを受け止める前に責任の所在を持ち出し、ほかへ回している。相手は突き放されたと感じる。
        next: heated

  heated:
    say: 「何よその言い方は！お金を払ったのはそちらでしょう！」
    choices:
      - text: 「突き放すような言い方をしてしまい、失礼いたしました。お届けが遅れ、ご迷惑をおかけしております。」
        steps: [limited_apology, empathy]
        anger: -15
        feedback: 自分の言い方と遅れに絞って謝り、話を聴く側に戻っている。
        next: hearing
      - text: 「ですから、運送会社に聞いていただかないと分からないんです。」
        ng: [pass_around]
        anger: +20
        feedback: 同じ突き放しを繰り返している。調べる手段があるのに、こちらで確かめようとしていない。
        next: blowup

  hearing:
    say:                      # 同じ意味のせりふを並べると、実行ごとにどれか1つを表示します(言い換え)
      - 「昨日の午前中に届くって、メールにも書いてあったのよ。」
      - 「メールには昨日の午前着って書いてあったわよ。」
    choices:
      - text: 「お調べいたします。ご注文番号とお届け先のご住所を伺えますか。」
        steps: [fact_check]
        set: [order_checked]                 # フラグを立てる(後の if で使います)
        anger: -5
        feedback: 約束の前に、注文と配送の状況という事実を確かめようとしている。
        next: offer
      - text: 「ご心配をおかけして申し訳ございません。それでは、本日中に必ずお届けできるよう、こちらで手配いたしますので、どうぞご安心ください。」   # 丁寧でも誤り: 確認前の約束
        ng: [rash_promise]
        anger: -10
        feedback: 配送状況を確かめないまま約束している。守れなければ、怒りは倍になって返ってくる。
        next: offer

  offer:
    say: 「それで、いつ届くの？今日の夕方に間に合うの？」
    choices:
      - if: {{flags: [order_checked]}}        # 条件つきの返答: order_checked が立っているときだけ表示
        text: 「運送会社に確認したところ、明日の午前に届きます。本日中のお届けはお約束できませんが、送料はご返金いたします。」
        steps: [can_cant]
        anger: -20
        feedback: できないこと(今日中の配達)と、できること(明日午前の配達・送料の返金)を分けて伝えている。
        next: resolved
      - if: {{not_flags: [order_checked]}}
        text: 「お届けの状況をお調べします。ご注文番号を教えていただけますか。」
        steps: [fact_check]
        set: [order_checked]
        feedback: 答えを出す前に、まず事実を確かめる方向に戻している。
        next: offer                          # 同じノードに戻ることもできます
      - text: 「分かりかねます。」
        ng: [bare_refusal]
        anger: +20
        feedback: 調べる手段も代わりの案も示さない拒否。
        next:                                # ルート: 上から順に、if が成り立つ最初の行き先へ進みます
          - if: {{anger_at_least: 80}}
            to: blowup
          - to: offer                        # 最後のルートには if を書きません
      - text: 「ご迷惑をおかけしたお詫びに、商品券を5千円分お送りします。」
        ng: [give_in]
        anger: -20
        feedback: 規定にない金品で収めようとしている。要求されていない補償を自分から申し出るのは、不当要求を招く入口になる。
        next: gave_in

  resolved:
    ending: resolved          # 結末: {outcomes}
    say: 「明日の午前ね…。送料を返してくれるなら、それでいいわ。」   # 結末のせりふ(任意)
    debrief:                  # 講評(必須)。ルートにすると、たどった道筋に合った講評を表示します
      - if: {{did: [pass_around]}}    # これまでの返答のどれかが pass_around をしていれば
        text: 収まりはしたが、最初に運送会社へ回したことで遠回りをした。受け止めてから、こちらで確かめる。
      - text: 限定的な謝罪で気持ちを受け止め、注文と配送の事実を確かめてから、できること・できないことを伝えた。

  blowup:
    ending: escalated         # 失敗の結末(総合点は 59 点まで)
    say: 「もういい！二度と頼まない！」
    debrief: 運送会社へ回す言葉が、お客様には「調べる気がない」と聞こえた。まず受け止め、こちらで確かめる。

  gave_in:
    ending: gave_in           # 失敗の結末: 不当な要求に屈した
    say: 「あら、それならいいけど。」
    debrief: その場は収まっても、規定にない補償は前例になる。できることの範囲で誠実に対応する。
"""


def _choices(labels: dict[str, str]) -> str:
    return " | ".join(f"{k} ({v})" if k != v else k for k, v in labels.items())


def scaffold(scenario_id: str, category: str, level: str, channel: str, schema: str, file: str) -> str:
    """The scaffold's text for one scenario id (valid YAML, format v1)."""
    return TEMPLATE.format(
        id=scenario_id, category=category, level=level, channel=channel, schema=schema, file=file,
        categories=" | ".join(S.CATEGORIES), levels=_choices(S.LEVEL_DESCRIPTIONS), channels=_choices(S.CHANNELS),
        outcomes=_choices(S.OUTCOME_DESCRIPTIONS),
    )
