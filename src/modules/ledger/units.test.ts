import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRegistry, loadDefaultRegistry, reviewUnits, scopeOf, splitUnits } from './units.js';

describe('splitUnits', () => {
  it.each([
    ['省直有关部门,各市、州、县人民政府', ['省直有关部门', '各市、州、县人民政府']],
    ['省公安厅、省人社厅、省税务局、人民银行武汉分行,各市、州、县人民政府', ['省公安厅', '省人社厅', '省税务局', '人民银行武汉分行', '各市、州、县人民政府']],
    ['省直相关部门及各市州人民政府', ['省直相关部门', '各市州人民政府']],
    ['省直相关部门和自贸试验区长沙、岳阳、郴州片区管委会', ['省直相关部门', '自贸试验区长沙、岳阳、郴州片区管委会']],
    ['省工业和信息化厅、省商务厅', ['省工业和信息化厅', '省商务厅']],
    ['省文化和旅游厅', ['省文化和旅游厅']],
    ['区自然资源和规划分局、区住建局', ['区自然资源和规划分局', '区住建局']],
    ['省发展改革委、省通信管理局、省公安厅等', ['省发展改革委', '省通信管理局', '省公安厅']],
    ['省司法厅、省市场监管局等省直相关部门', ['省司法厅', '省市场监管局', '省直相关部门']],
    ['区发改经信局(发改、科技)、区人社局', ['区发改经信局(发改、科技)', '区人社局']],
    ['区生态环境分局、区发改经信局(区国动办、区城管局', ['区生态环境分局', '区发改经信局(区国动办', '区城管局']],
    ['市、县政务管理部门', ['市、县政务管理部门']],
    ['税务公安分局人社', ['税务公安分局人社']],
    ['', []],
  ])('%s', (input, expected) => {
    expect(splitUnits(input)).toEqual(expected);
  });

  it('never loses a unit character and never throws', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('省', '市', '局', '厅', '和', '及', '、', ',', '等', '(', ')', '部门', '政府', '区', 'A'), { maxLength: 30 }), (parts) => {
        const input = parts.join('');
        const out = splitUnits(input);
        for (const u of out) expect(input).toContain(u);
      }),
    );
  });
});

describe('unit registry', () => {
  const registry = loadDefaultRegistry();

  it('knows the aliases of the seeds', () => {
    expect(registry.normalize('省市场监管局', '湖北省').name).toBe(registry.normalize('省市场监督管理局', '湖北省').name);
    expect(registry.normalize('省文旅厅', '湖北省').name).toBe(registry.normalize('省文化和旅游厅', '湖北省').name);
    expect(registry.normalize('湖北银保监局').name).toBe(registry.normalize('银保监会湖北监管局').name);
    expect(registry.normalize('区自规分局', '鄂州市华容区').name).toBe(registry.normalize('区自然资源和规划分局', '鄂州市华容区').name);
  });

  it('keeps provinces apart: 省市场监管局 is a different unit in 湖南 and 湖北', () => {
    expect(registry.normalize('省市场监管局', '湖南省').name).toBe('湖南省市场监督管理局');
    expect(registry.normalize('省市场监管局', '湖北省').name).toBe('湖北省市场监督管理局');
  });

  it('reads a division of a merged bureau and flags unknown units', () => {
    expect(registry.normalize('区发改经信局(发改)', '鄂州市华容区')).toMatchObject({
      name: '鄂州市华容区发展和改革经济信息化局', division: '发改', known: true,
    });
    expect(registry.normalize('税务公安分局人社', '鄂州市华容区')).toMatchObject({ known: false, name: '税务公安分局人社' });
  });

  it('reviewUnits lists what the registry does not know', () => {
    const r = createRegistry({ units: [{ name: '甲局', aliases: ['甲'], kind: 'department', scope: null }] });
    const review = reviewUnits([{ leadUnits: ['甲'], responsibleUnits: ['乙厅'] }], r, null);
    expect(review.unknown).toEqual(['乙厅']);
    expect(review.units[0]).toMatchObject({ written: '甲', name: '甲局', known: true });
  });

  it('scopeOf guesses the region from title and issuer', () => {
    expect(scopeOf('华容区以控制成本为核心优化营商环境行动方案', null)).toBe('鄂州市华容区');
    expect(scopeOf('湖南省2021年深化“放管服”改革', null)).toBe('湖南省');
    expect(scopeOf('湖北省深入推进审批服务便民化工作方案', null)).toBe('湖北省');
  });
});
