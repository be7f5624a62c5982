#!/usr/bin/env python3
"""Generate patella's synthetic running cycle (scenarios/synthetic_running_cycle.yaml).

Python 3 standard library only. Run from anywhere:
    python3 models/running/make_running_cycle.py
Writes, next to this script:
    default_running_cycle.csv
and prints the check table used in SOURCES.md.

Method (details and sources in SOURCES.md):
 1. Base shape = one measured right stride of Hamner & Delp (2013) subject01, treadmill 3.0 m/s
    (AddBiomechanics reprocessing), transcribed in hamner2013_subject01_run300_source.csv.
 2. Gait events from the right vertical GRF crossing STRIKE_THRESHOLD_N (linear interpolation
    between the 100 Hz samples).
 3. Joint angles: resampled to 0..100 % (linear interpolation), the small stride-end mismatch
    removed by a linear detrend, then low-pass made periodic by a truncated Fourier series
    (N_HARMONICS), so value and slope are continuous across 100 % -> 0 %.
 4. Calibration to Heiderscheit et al. 2011 Table 3 (preferred step rate):
    hip flexion / adduction / internal rotation: constant offsets so the stance peaks equal the
    table means; knee: two smooth periodic (von Mises) bumps, one at initial contact and one at
    the stance peak, sized so knee flexion at 0 % and the stance peak equal the table means.
 5. GRF: measured force vector on the right foot, tapered to zero at the threshold (the vector
    is scaled by (Fv - thr)/Fv so its direction is kept), then the vertical component scaled so
    the stride-mean of the right-foot vertical force is exactly 0.5 BW (both feet: 1 BW, vertical
    momentum periodic) and the propulsive part scaled so the stride-mean fore-aft force is 0
    (constant speed). Lateral force: measured (tapered) values.
 6. Centre of pressure along the foot: monotone cubic (Fritsch-Carlson) through keypoints over
    the stance fraction; the keypoints are assumptions shaped after Cavanagh & Lafortune (1980)
    (see SOURCES.md). 0 in swing (GRF is 0 there).
 A run at another step rate is no longer a file made here: `kinematics.step_rate_change`
 re-times any gait input (include/patella/gait/step_rate.hpp).
"""
import csv
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "hamner2013_subject01_run300_source.csv")

G = 9.81                      # m/s^2
BODY_MASS_KG = 72.94          # AddBiomechanics final model mass, subject01 (osim_results/README.txt)
SPEED_M_PER_S = 3.0           # Hamner & Delp 2013 trial run300 (treadmill belt speed)
STRIKE_THRESHOLD_N = 50.0     # contact when right vertical GRF > 50 N (assumption, ~0.07 BW)
N_HARMONICS = 15              # Fourier harmonics kept for the joint angles
BUMP_KAPPA = 3.6              # von Mises concentration of the correction bumps (FWHM ~ 20 % of stride)

# Heiderscheit BC et al. (2011) Med Sci Sports Exerc 43(2):296-302, Table 3 (means).
HEIDERSCHEIT = {
    "preferred": {"knee_peak": 46.3, "knee_ic": 17.8, "hip_flex_peak": 26.7,
                  "hip_add_peak": 10.4, "hip_rot_peak": 0.4},
}

# Centre-of-pressure keypoints: (fraction of stance, fraction of foot length heel->toe tip).
# ASSUMPTIONS (see SOURCES.md): rear-foot strike (C of P starts in the rear third of the shoe and
# moves continuously forward, Cavanagh & Lafortune 1980), fast forward shift in early/mid
# stance, slow progression under the metatarsal heads / toes in push-off.
COP_KEYPOINTS = [(0.0, 0.10), (0.10, 0.22), (0.25, 0.45), (0.50, 0.64),
                 (0.75, 0.75), (1.0, 0.85)]

HEADER = ["gait_percent", "pelvis_tilt_deg", "pelvis_list_deg", "pelvis_rot_deg",
          "hip_flex_deg", "hip_add_deg", "hip_rot_deg", "knee_flex_deg", "ankle_flex_deg",
          "grf_vertical_bw", "grf_anterior_bw", "grf_lateral_bw", "cop_foot_fraction"]
ANGLES = ["pelvis_tilt_deg", "pelvis_list_deg", "pelvis_rot_deg", "hip_flex_deg",
          "hip_add_deg", "hip_rot_deg", "knee_flex_deg", "ankle_flex_deg"]
# source column, sign (knee_angle_r < 0 is flexion in the Hamner 2010 model)
SOURCE_COLUMNS = {
    "pelvis_tilt_deg": ("pelvis_tilt", 1.0), "pelvis_list_deg": ("pelvis_list", 1.0),
    "pelvis_rot_deg": ("pelvis_rotation", 1.0), "hip_flex_deg": ("hip_flexion_r", 1.0),
    "hip_add_deg": ("hip_adduction_r", 1.0), "hip_rot_deg": ("hip_rotation_r", 1.0),
    "knee_flex_deg": ("knee_angle_r", -1.0), "ankle_flex_deg": ("ankle_angle_r", 1.0),
}
PERCENT = list(range(101))


# ----------------------------------------------------------------------------- helpers
def read_source():
    with open(SOURCE, newline="") as f:
        rows = [line for line in f if not line.startswith("#")]
    reader = csv.DictReader(rows)
    data = {}
    for r in reader:
        for k, v in r.items():
            data.setdefault(k, []).append(float(v))
    return data


def interp(xs, ys, x):
    """Linear interpolation, xs ascending."""
    if x <= xs[0]:
        return ys[0]
    for i in range(1, len(xs)):
        if x <= xs[i]:
            t = (x - xs[i - 1]) / (xs[i] - xs[i - 1])
            return ys[i - 1] + t * (ys[i] - ys[i - 1])
    return ys[-1]


def crossings(t, f, thr):
    """Times where f crosses thr upward (strike) and downward (toe-off)."""
    up, down = [], []
    for i in range(1, len(t)):
        a, b = f[i - 1], f[i]
        if a <= thr < b:
            up.append(t[i - 1] + (thr - a) / (b - a) * (t[i] - t[i - 1]))
        elif a > thr >= b:
            down.append(t[i - 1] + (a - thr) / (a - b) * (t[i] - t[i - 1]))
    return up, down


def fourier_smooth(y101, n_harm):
    """y101: samples at 0..100 % with y[100] == y[0]; returns the band-limited periodic fit."""
    n = 100
    y = y101[:n]
    a0 = sum(y) / n
    coef = []
    for k in range(1, n_harm + 1):
        a = 2.0 / n * sum(y[j] * math.cos(2 * math.pi * k * j / n) for j in range(n))
        b = 2.0 / n * sum(y[j] * math.sin(2 * math.pi * k * j / n) for j in range(n))
        coef.append((k, a, b))

    def f(p):
        return a0 + sum(a * math.cos(2 * math.pi * k * p / 100.0) +
                        b * math.sin(2 * math.pi * k * p / 100.0) for k, a, b in coef)
    return [f(p) for p in PERCENT], f


def bump(p, centre, kappa=BUMP_KAPPA):
    """Smooth periodic bump (von Mises), 1 at centre."""
    return math.exp(kappa * (math.cos(2 * math.pi * (p - centre) / 100.0) - 1.0))


def stance_peak(curve, stance_end):
    idx = [p for p in PERCENT if p <= stance_end]
    i = max(idx, key=lambda p: curve[p])
    return i, curve[i]


def set_knee(curve, stance_end, ic_target, peak_target):
    """Two bumps (at 0 % and at the stance peak) so curve[0] and the stance peak hit targets."""
    c = list(curve)
    for _ in range(20):
        ip, vp = stance_peak(c, stance_end)
        d_ic = ic_target - c[0]
        d_pk = peak_target - vp
        if abs(d_ic) < 1e-9 and abs(d_pk) < 1e-9:
            break
        # solve [1, w(ip|0)] [a]   [d_ic]
        #       [w(0|ip), 1] [b] = [d_pk]
        w01 = bump(0, ip)
        w10 = bump(ip, 0)
        det = 1.0 - w01 * w10
        a = (d_ic - w01 * d_pk) / det
        b = (d_pk - w10 * d_ic) / det
        c = [c[p] + a * bump(p, 0) + b * bump(p, ip) for p in PERCENT]
    return c


def set_peak_bump(curve, stance_end, target):
    c = list(curve)
    for _ in range(20):
        ip, vp = stance_peak(c, stance_end)
        d = target - vp
        if abs(d) < 1e-9:
            break
        c = [c[p] + d * bump(p, ip) for p in PERCENT]
    return c


def pchip(xs, ys, x):
    """Monotone cubic Hermite (Fritsch-Carlson) interpolation."""
    n = len(xs)
    h = [xs[i + 1] - xs[i] for i in range(n - 1)]
    d = [(ys[i + 1] - ys[i]) / h[i] for i in range(n - 1)]
    m = [0.0] * n
    m[0], m[-1] = d[0], d[-1]
    for i in range(1, n - 1):
        if d[i - 1] * d[i] <= 0:
            m[i] = 0.0
        else:
            w1, w2 = 2 * h[i] + h[i - 1], h[i] + 2 * h[i - 1]
            m[i] = (w1 + w2) / (w1 / d[i - 1] + w2 / d[i])
    x = min(max(x, xs[0]), xs[-1])
    for i in range(n - 1):
        if x <= xs[i + 1]:
            t = (x - xs[i]) / h[i]
            h00 = 2 * t ** 3 - 3 * t ** 2 + 1
            h10 = t ** 3 - 2 * t ** 2 + t
            h01 = -2 * t ** 3 + 3 * t ** 2
            h11 = t ** 3 - t ** 2
            return h00 * ys[i] + h10 * h[i] * m[i] + h01 * ys[i + 1] + h11 * h[i] * m[i + 1]
    return ys[-1]


# ----------------------------------------------------------------------------- build
def build_preferred():
    src = read_source()
    t = src["time_s"]
    strikes, offs = crossings(t, src["grf_r_vy"], STRIKE_THRESHOLD_N)
    hs1, hs2 = strikes[0], strikes[1]
    to = [x for x in offs if hs1 < x < hs2][0]
    stride_time = hs2 - hs1
    stance_pct = 100.0 * (to - hs1) / stride_time
    info = {"hs1": hs1, "hs2": hs2, "to": to, "stride_time": stride_time,
            "stance_pct": stance_pct}
    times = [hs1 + p / 100.0 * stride_time for p in PERCENT]

    curves, raw = {}, {}
    for name in ANGLES:
        col, sign = SOURCE_COLUMNS[name]
        deg = [sign * math.degrees(v) for v in src[col]]
        y = [interp(t, deg, x) for x in times]
        raw[name] = list(y)
        drift = y[100] - y[0]
        y = [y[p] - drift * p / 100.0 for p in PERCENT]
        curves[name], _ = fourier_smooth(y, N_HARMONICS)
    info["raw"] = raw
    info["smoothed"] = {k: list(v) for k, v in curves.items()}

    # --- calibration to Heiderscheit 2011 Table 3, preferred step rate
    tgt = HEIDERSCHEIT["preferred"]
    offsets = {}
    for name, key in (("hip_flex_deg", "hip_flex_peak"), ("hip_add_deg", "hip_add_peak"),
                      ("hip_rot_deg", "hip_rot_peak")):
        _, v = stance_peak(curves[name], stance_pct)
        offsets[name] = tgt[key] - v
        curves[name] = [x + offsets[name] for x in curves[name]]
    info["offsets"] = offsets
    knee_before = list(curves["knee_flex_deg"])
    curves["knee_flex_deg"] = set_knee(curves["knee_flex_deg"], stance_pct,
                                       tgt["knee_ic"], tgt["knee_peak"])
    info["knee_correction"] = [a - b for a, b in zip(curves["knee_flex_deg"], knee_before)]

    # --- GRF
    bw = BODY_MASS_KG * G
    fx, fy, fz = [], [], []
    for x in times:
        vy = interp(t, src["grf_r_vy"], x)
        if vy <= STRIKE_THRESHOLD_N or not (hs1 <= x <= to or x >= hs2):
            fx.append(0.0), fy.append(0.0), fz.append(0.0)
            continue
        s = (vy - STRIKE_THRESHOLD_N) / vy
        fx.append(s * interp(t, src["grf_r_vx"], x) / bw)
        fy.append(s * vy / bw)
        fz.append(s * interp(t, src["grf_r_vz"], x) / bw)
    # the 100 % row repeats 0 % (heel strike, force 0)
    fx[100] = fy[100] = fz[100] = 0.0
    fx[0] = fy[0] = fz[0] = 0.0
    raw_peak = max(interp(t, src["grf_r_vy"], x) for x in times) / bw
    mean_y = sum(fy[:100]) / 100.0
    ky = 0.5 / mean_y
    fy = [v * ky for v in fy]
    brake = sum(v for v in fx[:100] if v < 0)
    prop = sum(v for v in fx[:100] if v > 0)
    # net fore-aft impulse to zero, the correction split evenly (in ratio) between the braking and
    # the propulsive part: braking * sqrt(P/B), propulsion * sqrt(B/P)
    kb = math.sqrt(prop / -brake)
    kp = math.sqrt(-brake / prop)
    fx = [v * kp if v > 0 else v * kb for v in fx]
    info.update({"raw_peak_bw": raw_peak, "vertical_scale": ky, "braking_scale": kb,
                 "propulsive_scale": kp, "mean_vertical_before": mean_y})
    curves["grf_vertical_bw"] = fy
    curves["grf_anterior_bw"] = fx
    curves["grf_lateral_bw"] = fz

    xs = [k[0] for k in COP_KEYPOINTS]
    ys = [k[1] for k in COP_KEYPOINTS]
    cop = []
    for p in PERCENT:
        if fy[p] > 0.0:
            cop.append(pchip(xs, ys, p / stance_pct))
        else:
            cop.append(0.0)
    curves["cop_foot_fraction"] = cop
    return curves, info


# ----------------------------------------------------------------------------- output
COMMON_COMMENTS = [
    "# patella default running cycle, right leg, one stride, right foot strike at 0 %.",
    "# Made by models/running/make_running_cycle.py; sources, method and assumptions: models/running/SOURCES.md",
    "# Base shape: Hamner & Delp 2013 J Biomech 46:780 public data (subject01, treadmill 3.0 m/s, rear-foot strike),",
    "#   AddBiomechanics reprocessing (stanfordnmbl/addbiomechanics-paper 388c6071), Fourier-smoothed (15 harmonics).",
    "# Calibrated to Heiderscheit et al. 2011 Med Sci Sports Exerc 43:296 Table 3 (stance peaks of knee flexion,",
    "#   hip flexion, adduction, internal rotation; knee flexion at initial contact).",
    "# Signs (OpenSim gait2392 / Hamner 2010 / Rajagopal 2015 coordinate conventions): pelvis_tilt + = posterior",
    "#   tilt (negative values = anterior tilt), pelvis_list + = right side of the pelvis down, pelvis_rot + = right",
    "#   hemipelvis forward (pelvis turned to the left); hip flexion +, hip adduction +, hip internal rotation +,",
    "#   knee flexion + (positive degrees), ankle dorsiflexion +.",
    "# GRF on the right foot in body weights (0 in swing): vertical up +, anterior (running direction) +, lateral",
    "#   (runner's right) +. cop_foot_fraction: heel 0 .. toe tip 1 in stance, 0 in swing (assumed keypoints).",
]


def write_csv(path, curves, stride_time, title):
    step_rate = 2.0 * 60.0 / stride_time
    lines = list(COMMON_COMMENTS)
    lines.append("# " + title)
    lines.append("# stride_time_s: %.4f" % stride_time)
    lines.append("# speed_m_per_s: %.2f" % SPEED_M_PER_S)
    lines.append("# step_rate_steps_per_min: %.1f" % step_rate)
    lines.append("# body_mass_kg: %.2f (source subject; forces are in body weights)" % BODY_MASS_KG)
    with open(path, "w", newline="") as f:
        for line in lines:
            f.write(line + "\n")
        f.write(",".join(HEADER) + "\n")
        for p in PERCENT:
            row = [str(p)]
            for name in HEADER[1:]:
                v = curves[name][p]
                if abs(v) < 5e-7:
                    v = 0.0
                row.append("%.4f" % v if name.endswith("_bw") or name == "cop_foot_fraction"
                           else "%.3f" % v)
            f.write(",".join(row) + "\n")


def summary(curves, stance_pct):
    k = curves["knee_flex_deg"]
    _, kp = stance_peak(k, stance_pct)
    return {
        "knee_ic": k[0], "knee_peak": kp,
        "knee_swing_peak": max(k),
        "hip_flex_peak": stance_peak(curves["hip_flex_deg"], stance_pct)[1],
        "hip_add_peak": stance_peak(curves["hip_add_deg"], stance_pct)[1],
        "hip_rot_peak": stance_peak(curves["hip_rot_deg"], stance_pct)[1],
        "ankle_df_peak": stance_peak(curves["ankle_flex_deg"], stance_pct)[1],
        "grf_peak": max(curves["grf_vertical_bw"]),
        "stance_pct": sum(1 for v in curves["grf_vertical_bw"][:100] if v > 0),
    }


def main():
    base, info = build_preferred()
    st = info["stance_pct"]
    write_csv(os.path.join(HERE, "default_running_cycle.csv"), base, info["stride_time"],
              "Preferred step rate.")
    print("events: strike %.4f s, toe-off %.4f s, next strike %.4f s" % (info["hs1"], info["to"], info["hs2"]))
    print("stride time %.4f s, step rate %.1f steps/min, stance %.2f %% of stride"
          % (info["stride_time"], 120.0 / info["stride_time"], st))
    print("offsets [deg]:", {k: round(v, 2) for k, v in info["offsets"].items()})
    kc = info["knee_correction"]
    print("knee correction: at 0 %% %+.2f, min %+.2f, max %+.2f deg" % (kc[0], min(kc), max(kc)))
    print("raw vertical GRF peak %.3f BW; right-foot stride mean before scaling %.4f BW -> scale %.4f;"
          " braking scale %.4f, propulsive scale %.4f" % (
              info["raw_peak_bw"], info["mean_vertical_before"], info["vertical_scale"],
              info["braking_scale"], info["propulsive_scale"]))
    raw = info["raw"]
    sm = info["smoothed"]
    print("smoothing: max |smoothed - detrended raw| per angle [deg]:")
    for name in ANGLES:
        y = raw[name]
        drift = y[100] - y[0]
        d = max(abs(sm[name][p] - (y[p] - drift * p / 100.0)) for p in PERCENT)
        print("   %-16s %.3f (stride-end mismatch removed by detrend %.3f)" % (name, d, drift))
    rows = [("preferred", base, info["stride_time"])]
    print()
    print("| condition | stride time s | step rate /min | knee IC | knee stance peak | knee swing peak |"
          " hip flex peak | hip add peak | hip IR peak | ankle DF peak | vGRF peak BW | stance % |")
    for name, c, stt in rows:
        s = summary(c, st)
        print("| %s | %.4f | %.1f | %.2f | %.2f | %.1f | %.2f | %.2f | %.2f | %.1f | %.3f | %d |" % (
            name, stt, 120.0 / stt, s["knee_ic"], s["knee_peak"], s["knee_swing_peak"],
            s["hip_flex_peak"], s["hip_add_peak"], s["hip_rot_peak"], s["ankle_df_peak"],
            s["grf_peak"], s["stance_pct"]))
    fy = base["grf_vertical_bw"]
    fx = base["grf_anterior_bw"]
    print("\nright-foot stride means: vertical %.4f BW, anterior %.5f BW, lateral %.4f BW"
          % (sum(fy[:100]) / 100, sum(fx[:100]) / 100, sum(base["grf_lateral_bw"][:100]) / 100))
    print("anterior GRF min %.3f BW, max %.3f BW; lateral min %.3f max %.3f BW" % (
        min(fx), max(fx), min(base["grf_lateral_bw"]), max(base["grf_lateral_bw"])))
    print("vertical GRF 0..12 %:", " ".join("%.2f" % v for v in fy[:13]))
    # continuity across 100 % -> 0 %: one-sided slopes [deg per %]
    print("seam check (value jump, slope 99->100 vs 0->1) per angle:")
    for name in ANGLES:
        y = base[name]
        print("   %-16s jump %.4f  slopes %.3f / %.3f" % (name, y[100] - y[0], y[100] - y[99], y[1] - y[0]))


if __name__ == "__main__":
    main()
