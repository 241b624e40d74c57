//! Indicators beyond transactions: the figures that share and coverage targets divide (people
//! aged 15+ and those with an account, schools and those accepting cashless payment …).
//!
//! They come in one long table, `region_code, year, indicator, value`: one row per unit, year
//! and indicator. Values are counts or amounts (people, units, đồng), or a share reported as
//! such (a fraction). The names the built-in catalogues read are listed in [`INDICATORS`];
//! a catalogue of one's own may use other names.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use polars::prelude::*;

use crate::error::{Error, Location, Result};
use crate::lang::say;
use crate::table::{self, require, REGION_CODE, VALUE};

/// Name of the indicator column.
pub const INDICATOR: &str = "indicator";
/// Name of the year column.
pub const YEAR: &str = "year";

/// An indicator the built-in catalogues read.
///
/// ```
/// let i = cashless::indicators::INDICATORS.iter().find(|i| i.name == "water_revenue").unwrap();
/// assert_eq!(i.unit, "đồng");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndicatorInfo {
    /// Name in the indicator table.
    pub name: &'static str,
    /// Unit of its values.
    pub unit: &'static str,
    /// What it counts, in Vietnamese.
    pub text_vi: &'static str,
    /// What it counts, in English.
    pub text_en: &'static str,
}

impl IndicatorInfo {
    /// The unit in Vietnamese words, as a form or a report writes it.
    ///
    /// ```
    /// let i = cashless::indicators::INDICATORS.iter().find(|i| i.name == "population_15plus").unwrap();
    /// assert_eq!((i.unit, i.unit_vi()), ("people", "người"));
    /// ```
    pub fn unit_vi(&self) -> &'static str {
        match self.unit {
            "people" => "người",
            "customers" => "khách hàng",
            "facilities" | "institutions" => "cơ sở",
            "outlets" => "cửa hàng",
            "payers" => "cá nhân, tổ chức",
            "points" => "điểm",
            "schools" => "trường",
            "taxpayers" => "người nộp thuế",
            other => other,
        }
    }
}

const fn ind(
    name: &'static str,
    unit: &'static str,
    text_vi: &'static str,
    text_en: &'static str,
) -> IndicatorInfo {
    IndicatorInfo {
        name,
        unit,
        text_vi,
        text_en,
    }
}

/// The indicators the built-in catalogues read, in pairs of total and cashless part.
///
/// ```
/// let names: Vec<_> = cashless::indicators::INDICATORS.iter().map(|i| i.name).collect();
/// assert!(names.contains(&"population_15plus_with_account"));
/// ```
pub const INDICATORS: [IndicatorInfo; 47] = [
    ind(
        "population_15plus",
        "people",
        "Dân số từ 15 tuổi trở lên",
        "People aged 15 and over",
    ),
    ind(
        "population_15plus_with_account",
        "people",
        "Người từ 15 tuổi trở lên có tài khoản giao dịch",
        "People aged 15+ with a transaction account",
    ),
    ind(
        "ecommerce_value",
        "đồng",
        "Giá trị thương mại điện tử",
        "Value of e-commerce",
    ),
    ind(
        "ecommerce_cashless_value",
        "đồng",
        "Giá trị thương mại điện tử thanh toán không dùng tiền mặt",
        "Value of e-commerce paid cashless",
    ),
    ind(
        "payers",
        "payers",
        "Cá nhân, tổ chức",
        "Individuals and organisations",
    ),
    ind(
        "payers_electronic",
        "payers",
        "Cá nhân, tổ chức sử dụng TTKDTM qua kênh điện tử",
        "Individuals and organisations paying cashless through electronic channels",
    ),
    ind(
        "taxpayers",
        "taxpayers",
        "Doanh nghiệp, hộ, cá nhân kinh doanh nộp thuế",
        "Businesses, households and individuals in business paying tax",
    ),
    ind(
        "taxpayers_electronic",
        "taxpayers",
        "Người nộp thuế nộp bằng phương thức TTKDTM",
        "Taxpayers paying cashless",
    ),
    ind(
        "taxpayers_declaring",
        "taxpayers",
        "Doanh nghiệp, hộ, cá nhân kinh doanh nộp thuế theo phương pháp kê khai",
        "Businesses, households and individuals in business that declare their tax",
    ),
    ind(
        "taxpayers_declaring_electronic",
        "taxpayers",
        "Người nộp thuế theo phương pháp kê khai nộp bằng phương thức TTKDTM",
        "Taxpayers that declare their tax and pay it cashless",
    ),
    ind(
        "electricity_customers",
        "customers",
        "Doanh nghiệp, hộ gia đình dùng điện",
        "Electricity customers (businesses, households)",
    ),
    ind(
        "electricity_customers_cashless",
        "customers",
        "Khách hàng thanh toán tiền điện bằng TTKDTM",
        "Electricity customers paying cashless",
    ),
    ind(
        "electricity_revenue",
        "đồng",
        "Số tiền điện",
        "Electricity billed",
    ),
    ind(
        "electricity_revenue_cashless",
        "đồng",
        "Số tiền điện thanh toán bằng TTKDTM",
        "Electricity billed and paid cashless",
    ),
    ind(
        "water_customers_urban",
        "customers",
        "Khách hàng dùng nước tại khu vực đô thị",
        "Water customers in urban areas",
    ),
    ind(
        "water_customers_urban_cashless",
        "customers",
        "Khách hàng đô thị thanh toán tiền nước bằng TTKDTM",
        "Urban water customers paying cashless",
    ),
    ind(
        "water_customers",
        "customers",
        "Đơn vị, doanh nghiệp, hộ gia đình, cá nhân dùng nước",
        "Water customers (organisations, businesses, households, individuals)",
    ),
    ind(
        "water_customers_cashless",
        "customers",
        "Khách hàng thanh toán tiền nước bằng TTKDTM",
        "Water customers paying cashless",
    ),
    ind(
        "water_revenue",
        "đồng",
        "Doanh số tiền nước",
        "Water revenue",
    ),
    ind(
        "water_revenue_cashless",
        "đồng",
        "Doanh số tiền nước thanh toán bằng TTKDTM",
        "Water revenue paid cashless",
    ),
    ind("schools", "schools", "Cơ sở giáo dục", "Schools"),
    ind(
        "schools_accepting_cashless",
        "schools",
        "Cơ sở giáo dục chấp nhận thanh toán học phí bằng TTKDTM",
        "Schools accepting cashless tuition payments",
    ),
    ind(
        "vocational_schools",
        "schools",
        "Cơ sở giáo dục nghề nghiệp",
        "Vocational schools",
    ),
    ind(
        "vocational_schools_accepting_cashless",
        "schools",
        "Cơ sở giáo dục nghề nghiệp chấp nhận TTKDTM",
        "Vocational schools accepting cashless tuition payments",
    ),
    ind(
        "tuition_urban",
        "đồng",
        "Học phí tại cơ sở giáo dục khu vực đô thị",
        "Tuition paid at urban schools",
    ),
    ind(
        "tuition_urban_cashless",
        "đồng",
        "Học phí đô thị nộp bằng TTKDTM",
        "Tuition paid cashless at urban schools",
    ),
    ind(
        "vocational_tuition",
        "đồng",
        "Học phí tại cơ sở giáo dục nghề nghiệp",
        "Tuition paid at vocational schools",
    ),
    ind(
        "vocational_tuition_cashless",
        "đồng",
        "Học phí giáo dục nghề nghiệp nộp bằng TTKDTM",
        "Tuition paid cashless at vocational schools",
    ),
    ind(
        "universities",
        "institutions",
        "Trường đại học, cao đẳng, trung cấp",
        "Universities, colleges and intermediate schools",
    ),
    ind(
        "universities_on_portal",
        "institutions",
        "Trường thu học phí trên Cổng Dịch vụ công Quốc gia",
        "Institutions taking tuition on the National Public Service Portal",
    ),
    ind(
        "universities_colleges",
        "institutions",
        "Trường đại học, cao đẳng (không gồm trung cấp)",
        "Universities and colleges (intermediate schools not included)",
    ),
    ind(
        "universities_colleges_on_portal",
        "institutions",
        "Trường đại học, cao đẳng thu học phí trên Cổng Dịch vụ công Quốc gia",
        "Universities and colleges taking tuition on the National Public Service Portal",
    ),
    ind(
        "university_tuition",
        "đồng",
        "Học phí tại trường đại học, cao đẳng",
        "Tuition paid at universities and colleges",
    ),
    ind(
        "university_tuition_cashless",
        "đồng",
        "Học phí đại học, cao đẳng nộp bằng TTKDTM",
        "Tuition paid cashless at universities and colleges",
    ),
    ind(
        "clinics_urban_hospitals",
        "facilities",
        "Cơ sở khám, chữa bệnh trên địa bàn đô thị, các bệnh viện và trung tâm y tế cấp huyện",
        "Clinics in urban areas, every hospital and district health centre",
    ),
    ind(
        "clinics_urban_hospitals_accepting_cashless",
        "facilities",
        "Cơ sở y tế đô thị, bệnh viện, TTYT huyện chấp nhận TTKDTM",
        "Urban clinics, hospitals and district health centres accepting cashless",
    ),
    ind(
        "hospital_fees",
        "đồng",
        "Số tiền viện phí tại bệnh viện",
        "Hospital fees paid at hospitals",
    ),
    ind(
        "hospital_fees_cashless",
        "đồng",
        "Số tiền viện phí thanh toán bằng TTKDTM",
        "Hospital fees paid cashless",
    ),
    ind(
        "benefit_recipients_urban",
        "people",
        "Người hưởng lương hưu, trợ cấp BHXH, trợ cấp thất nghiệp ở đô thị",
        "Urban recipients of pensions, social insurance and unemployment benefits",
    ),
    ind(
        "benefit_recipients_urban_cashless",
        "people",
        "Người hưởng ở đô thị được chi trả qua TTKDTM",
        "Urban recipients paid cashless",
    ),
    ind(
        "acceptance_points",
        "points",
        "Điểm chấp nhận thanh toán không dùng tiền mặt",
        "Cashless acceptance points",
    ),
    ind(
        "retail_outlets",
        "outlets",
        "Siêu thị, trung tâm, cửa hàng mua sắm",
        "Supermarkets, shopping centres and shops",
    ),
    ind(
        "retail_outlets_accepting_cashless",
        "outlets",
        "Siêu thị, cửa hàng có điểm chấp nhận TTKDTM",
        "Supermarkets and shops with a cashless acceptance point",
    ),
    ind(
        "health_facilities",
        "facilities",
        "Cơ sở khám, chữa bệnh",
        "Clinics and hospitals",
    ),
    ind(
        "health_facilities_accepting_cashless",
        "facilities",
        "Cơ sở khám, chữa bệnh chấp nhận TTKDTM",
        "Clinics and hospitals accepting cashless",
    ),
    ind(
        "benefit_recipients",
        "people",
        "Người hưởng lương hưu, trợ cấp BHXH, trợ cấp thất nghiệp",
        "Recipients of pensions, social insurance and unemployment benefits",
    ),
    ind(
        "benefit_recipients_cashless",
        "people",
        "Người hưởng được chi trả qua TTKDTM",
        "Recipients paid cashless",
    ),
];

/// The list of known indicators as a table: `indicator, unit, text_vi, text_en`.
///
/// ```
/// assert_eq!(cashless::indicators::indicator_list().unwrap().height(), 47);
/// ```
pub fn indicator_list() -> Result<DataFrame> {
    let col =
        |f: fn(&IndicatorInfo) -> &'static str| -> Vec<&str> { INDICATORS.iter().map(f).collect() };
    Ok(df!(
        INDICATOR => col(|i| i.name),
        "unit" => col(|i| i.unit),
        "text_vi" => col(|i| i.text_vi),
        "text_en" => col(|i| i.text_en),
    )?)
}

/// An indicator table read and checked: values by region, indicator and year.
#[derive(Debug, Default)]
pub(crate) struct IndicatorData {
    values: HashMap<(String, String), BTreeMap<i32, f64>>,
    pub regions: BTreeSet<String>,
}

impl IndicatorData {
    /// Reads `region_code, year, indicator, value`. A null value is a figure not reported
    /// (targets that need it say so); a negative, NaN or infinite one, a null key, or the same
    /// region × year × indicator twice is an error naming the row.
    pub fn read(df: &DataFrame) -> Result<Self> {
        let src = table::IN_MEMORY;
        let region = table::text_column(df, src, REGION_CODE)?;
        let indicator = table::text_column(df, src, INDICATOR)?;
        let year = require(df, src, YEAR)?;
        let year = year
            .strict_cast(&DataType::Int32)
            .map_err(|_| Error::ColumnType {
                source_name: src.into(),
                column: YEAR.into(),
                dtype: year.dtype().to_string(),
                expected: say!("năm là số nguyên".into(), "integer years".into()),
            })?;
        let value = require(df, src, VALUE)?;
        if !value.dtype().is_primitive_numeric() {
            return Err(Error::ColumnType {
                source_name: src.into(),
                column: VALUE.into(),
                dtype: value.dtype().to_string(),
                expected: say!("số".into(), "numbers".into()),
            });
        }
        let value = value.cast(&DataType::Float64)?;
        let (region, indicator, year, value) =
            (region.str()?, indicator.str()?, year.i32()?, value.f64()?);
        let mut out = IndicatorData::default();
        let mut first_row: HashMap<(String, String, i32), usize> = HashMap::new();
        for i in 0..df.height() {
            let at = |column: &str, raw: String| Location::new(src, i, column, raw);
            let null = |column: &str| Error::InvalidValue {
                location: at(column, "null".into()).into(),
                reason: crate::say!("để trống".into(), "is missing".into()),
            };
            let r = region.get(i).ok_or_else(|| null(REGION_CODE))?;
            let name = indicator.get(i).ok_or_else(|| null(INDICATOR))?;
            let y = year.get(i).ok_or_else(|| null(YEAR))?;
            if let Some(first) = first_row.insert((r.into(), name.into(), y), i) {
                return Err(Error::InvalidValue {
                    location: at(INDICATOR, name.into()).into(),
                    reason: crate::say!(
                        format!("đơn vị {r:?}, năm {y} đã có chỉ số này ở dòng {first}"),
                        format!("region {r:?}, year {y} already has it at row {first}"),
                    ),
                });
            }
            out.regions.insert(r.to_string());
            let Some(v) = value.get(i) else { continue };
            if !v.is_finite() || v < 0.0 {
                return Err(Error::InvalidValue {
                    location: at(VALUE, v.to_string()).into(),
                    reason: crate::say!(
                        "giá trị chỉ số là số lượng, số tiền hoặc tỷ lệ: không âm, không phải NaN \
                         hay vô cùng"
                            .into(),
                        "indicator values are counts, amounts or shares: never negative, NaN or \
                         infinite"
                            .into(),
                    ),
                });
            }
            out.values
                .entry((r.to_string(), name.to_string()))
                .or_default()
                .insert(y, v);
        }
        Ok(out)
    }

    /// The value of `indicator` for `region` in `year`, if reported.
    pub fn get(&self, region: &str, indicator: &str, year: i32) -> Option<f64> {
        self.values
            .get(&(region.to_string(), indicator.to_string()))?
            .get(&year)
            .copied()
    }
}
